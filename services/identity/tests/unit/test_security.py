import eventlet
from eventlet.patcher import original

from identity.security import HASHES_AT_ONCE, Security, generate_key_pair

real_threading, real_time = original("threading"), original("time")


class CountingHasher:
    """Stands in for argon2: records how many hashes run at once in the thread pool."""

    def __init__(self):
        self.lock, self.running, self.most = real_threading.Lock(), 0, 0

    def hash(self, password):
        return "hash"

    def verify(self, password_hash, password):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        real_time.sleep(0.05)
        with self.lock:
            self.running -= 1
        return True


def test_a_burst_of_sign_ins_hashes_a_few_at_a_time_not_all_at_once():
    hasher = CountingHasher()
    security = Security(generate_key_pair()[0], hasher)
    pool = eventlet.GreenPool()
    results = list(pool.imap(lambda n: security.verify_password("hash", f"guess {n}"), range(4 * HASHES_AT_ONCE)))
    assert all(results) and hasher.most == HASHES_AT_ONCE  # 64 MiB each with argon2's defaults
