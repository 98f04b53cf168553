# Signal delivery latency in CPython: os.kill(self, SIGUSR1) to the start of the
# Python-level handler (which CPython runs between bytecodes), 10,000 times.
import os, signal, time

samples = []
sent_at = 0

def handler(signum, frame):
    samples.append(time.monotonic_ns() - sent_at)

signal.signal(signal.SIGUSR1, handler)
n = 10000
pid = os.getpid()
for i in range(n):
    sent_at = time.monotonic_ns()
    os.kill(pid, signal.SIGUSR1)
    while len(samples) == i:
        pass
samples.sort()
print(f"signals {len(samples)} median_ns {samples[n // 2]} p99_ns {samples[n * 99 // 100]}")
