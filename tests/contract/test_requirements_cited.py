"""Every requirement built so far is cited by a test that checks it, so the next engineer finds
the test of a rule from its number (and a rule's test cannot silently disappear)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# identity and the gateway (R1-R48), directory (R49-R100), transactional email (R229); a new
# service's rules join this list when its issue is done
BUILT = [*range(1, 101), 229]


def cited_by_tests():
    cited = set()
    for folder in ("contracts", "gateway", "services", "tests"):
        for path in (ROOT / folder).rglob("test_*.py"):
            if path.resolve() == Path(__file__).resolve():
                continue  # its own list cites nothing
            cited |= {int(n) for n in re.findall(r"(?<![A-Za-z0-9])R(\d{1,3})(?!\d)", path.read_text(encoding="utf-8"))}
    return cited


def test_every_built_requirement_is_cited_by_a_test():
    missing = [f"R{n}" for n in BUILT if n not in cited_by_tests()]
    assert missing == [], f"no test cites {', '.join(missing)}"
