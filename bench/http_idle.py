#!/usr/bin/env python3
"""Memory per idle keep-alive connection: examples/http_hello.cp (cprime's coroutine
runtime, one coroutine per connection) and the same server with node's http module
(bench/http_hello.js), each holding N connections that send nothing (the server waits
for their first request line), side by side. Prints the server's RSS growth per
connection (from /proc, after the connections are open and 100 of them have been
answered once). Raises its own open-files limit to N + 1,000 (the hard limit must allow
it).

    bench/http_idle.py            N=5000 bench/http_idle.py
"""
import os
import resource
import socket
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
N = int(os.environ.get("N", "10000"))


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1])
    return 0


def measure(label, cmd, port):
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                time.sleep(0.05)
        time.sleep(0.3)
        before = rss_kb(server.pid)
        conns = [socket.create_connection(("127.0.0.1", port)) for _ in range(N)]
        time.sleep(1.0)
        for c in conns[:100]:
            c.sendall(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        answered = sum(1 for c in conns[:100] if b"200 OK" in c.recv(4096))
        time.sleep(0.5)
        after = rss_kb(server.pid)
        per = (after - before) * 1024 / N
        print(f"{label:8} {N} idle connections: {per:7.0f} B each (RSS {before} -> {after} KB, {answered}/100 answered)")
        for c in conns:
            c.close()
        return per
    finally:
        server.terminate()
        server.wait()


def main():
    resource.setrlimit(resource.RLIMIT_NOFILE, (N + 1000, N + 1000))
    cprime = subprocess.run([os.path.join(ROOT, "bench", "cprime-bin"), "-q"], capture_output=True, text=True, check=True).stdout.strip()
    cp = measure("cprime", [cprime, "run", "examples/http_hello.cp", "--", "127.0.0.1:18090"], 18090)
    try:
        node = measure("node", ["node", "bench/http_hello.js", "18091"], 18091)
        print(f"cprime / node: {cp / node:.2f}x")
    except FileNotFoundError:
        print("node is not installed: cprime alone")


if __name__ == "__main__":
    sys.exit(main())
