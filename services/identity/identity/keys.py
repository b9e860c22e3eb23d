"""Create the token-signing key pair: ``python -m identity.keys --out DIR`` writes
``private.pem`` (identity only) and ``public.pem`` (the gateway)."""
import argparse
import os

from .security import generate_key_pair


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", required=True, help="directory to write private.pem and public.pem into")
    parser.add_argument("--keep", action="store_true", help="do nothing if the keys already exist")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    private_path, public_path = os.path.join(args.out, "private.pem"), os.path.join(args.out, "public.pem")
    if args.keep and os.path.exists(private_path) and os.path.exists(public_path):
        return
    private, public = generate_key_pair()
    with open(os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
        handle.write(private)
    with open(public_path, "w") as handle:
        handle.write(public)
    print(f"wrote {private_path} and {public_path}")


if __name__ == "__main__":
    main()
