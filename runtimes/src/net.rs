//! Sockets for the VM (`cprime_vm::NetHost`): non-blocking TCP on mio.
//!
//! Every socket is registered once, for reading and writing, with one `mio::Poll`
//! (edge-triggered). The VM always tries an operation before it waits, so an edge that
//! nobody was waiting for is never needed again: it is simply dropped. Sockets are
//! numbered by slot; a slot is reused only once nothing in any heap refers to it (its
//! count from `retain` is zero), so a stale `TcpStream` can never reach a new
//! connection: a socket closed while still referenced stays a `Closed` slot, and
//! operations on it fail with `EBADF`.
use std::io::{ErrorKind, Write};
use std::net::{Shutdown, SocketAddr, ToSocketAddrs};
use std::time::Duration;

use cprime_vm::{IoErr, LineRead, NetHost, NetIo};
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use nix::errno::Errno;

use crate::host::io_error as err;
use crate::inbox::Inbox;

enum Conn {
    Listener(TcpListener),
    Stream(TcpStream),
    /// Closed by the program while objects still refer to it.
    Closed,
}

struct Sock {
    conn: Conn,
    /// References from heaps and packets in flight (`NetHost::retain`).
    refs: i32,
    /// Received, not yet read by the program.
    inbox: Inbox,
    /// Addresses as they were when the connection was made (`""` where there is none:
    /// a listener's peer).
    local: String,
    peer: String,
    /// `set_write_timeout`: how long a `write_all` may wait without writing (ns; 0:
    /// for ever).
    write_timeout: i64,
}

/// The longest a default-runtime wait on a socket goes without looking for a handled
/// OS signal (one delivered just before the wait began does not interrupt it).
const SIGNAL_TICK: Duration = Duration::from_millis(50);

/// The poller event that only wakes the worker (`Net::waker`).
const WAKE: Token = Token(usize::MAX);

/// The process's sockets and the poller that watches them.
pub struct Net {
    poll: Poll,
    events: Events,
    socks: Vec<Option<Sock>>,
    free: Vec<u32>,
}

fn errno(e: Errno) -> IoErr {
    (e as i64, crate::host::errno_text(e as i32))
}

/// `Ok(None)` for "would block", retrying interrupted calls.
pub(crate) fn nonblocking<T>(mut op: impl FnMut() -> std::io::Result<T>) -> NetIo<T> {
    loop {
        match op() {
            Ok(v) => return Ok(Some(v)),
            Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(None),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(err(&e)),
        }
    }
}

/// `"host:port"` as a socket address (`localhost` is 127.0.0.1 without asking DNS).
fn resolve(addr: &str) -> Result<SocketAddr, IoErr> {
    let addr = addr.trim();
    if let Ok(a) = addr.parse::<SocketAddr>() {
        return Ok(a);
    }
    let (host, port) = addr.rsplit_once(':').ok_or_else(|| (Errno::EINVAL as i64, format!("`{addr}` is not host:port")))?;
    let port: u16 = port.parse().map_err(|_| (Errno::EINVAL as i64, format!("`{port}` is not a port number")))?;
    if host == "localhost" {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    (host, port)
        .to_socket_addrs()
        .map_err(|e| err(&e))?
        .next()
        .ok_or_else(|| (Errno::EADDRNOTAVAIL as i64, format!("`{host}` has no address")))
}

impl Net {
    pub fn new() -> std::io::Result<Net> {
        Net::with_events(1024)
    }

    /// A poller that reports up to `events` ready sockets per wait
    /// (`async_io_stage{.epoll_size = N}`).
    pub fn with_events(events: usize) -> std::io::Result<Net> {
        Ok(Net { poll: Poll::new()?, events: Events::with_capacity(events.max(1)), socks: Vec::new(), free: Vec::new() })
    }

    /// A waker that ends the current (or next) wait in [`NetHost::poll`] from another
    /// thread (the signal thread, the file threads).
    pub fn waker(&self) -> std::io::Result<mio::Waker> {
        mio::Waker::new(self.poll.registry(), WAKE)
    }

    /// Registers a new socket and gives it a number.
    fn add(&mut self, mut conn: Conn, local: Option<SocketAddr>, peer: Option<SocketAddr>) -> Result<u32, IoErr> {
        let id = match self.free.pop() {
            Some(id) => id,
            None => u32::try_from(self.socks.len()).map_err(|_| errno(Errno::EMFILE))?,
        };
        let interest = Interest::READABLE | Interest::WRITABLE;
        let registry = self.poll.registry();
        let registered = match &mut conn {
            Conn::Listener(l) => registry.register(l, Token(id as usize), interest),
            Conn::Stream(s) => registry.register(s, Token(id as usize), interest),
            Conn::Closed => Ok(()),
        };
        if let Err(e) = registered {
            self.free.push(id);
            return Err(err(&e));
        }
        let text = |a: Option<SocketAddr>| a.map(|a| a.to_string()).unwrap_or_default();
        let sock = Sock { conn, refs: 0, inbox: Inbox::default(), local: text(local), peer: text(peer), write_timeout: 0 };
        match self.socks.get_mut(id as usize) {
            Some(slot) => *slot = Some(sock),
            None => self.socks.push(Some(sock)),
        }
        Ok(id)
    }

    fn sock(&mut self, s: u32) -> Result<&mut Sock, IoErr> {
        self.socks.get_mut(s as usize).and_then(|s| s.as_mut()).ok_or_else(|| errno(Errno::EBADF))
    }

    fn stream(&mut self, s: u32) -> Result<&mut TcpStream, IoErr> {
        match &mut self.sock(s)?.conn {
            Conn::Stream(t) => Ok(t),
            _ => Err(errno(Errno::EBADF)),
        }
    }

    /// Closes the connection but keeps the slot while objects still refer to it.
    fn shut(&mut self, s: u32) {
        let Some(Some(sock)) = self.socks.get_mut(s as usize) else { return };
        let conn = std::mem::replace(&mut sock.conn, Conn::Closed);
        let registry = self.poll.registry();
        let _ = match conn {
            Conn::Listener(mut l) => registry.deregister(&mut l),
            Conn::Stream(mut t) => registry.deregister(&mut t),
            Conn::Closed => Ok(()),
        };
        sock.inbox.clear();
    }
}

impl NetHost for Net {
    fn bind(&mut self, addr: &str) -> Result<u32, IoErr> {
        let a = resolve(addr)?;
        let l = TcpListener::bind(a).map_err(|e| err(&e))?;
        // a longer queue of connections not yet accepted than mio's (std's) 128: a burst
        // of clients past it waits out SYN retries of a second or more. The kernel caps
        // it at net.core.somaxconn; if this fails the listener keeps 128.
        let _ = nix::sys::socket::listen(&l, nix::sys::socket::Backlog::MAXCONN);
        let local = l.local_addr().ok();
        self.add(Conn::Listener(l), local, None)
    }

    fn accept(&mut self, s: u32) -> NetIo<u32> {
        let l = match &mut self.sock(s)?.conn {
            Conn::Listener(l) => l,
            _ => return Err(errno(Errno::EBADF)),
        };
        match nonblocking(|| l.accept())? {
            Some((stream, peer)) => {
                let _ = stream.set_nodelay(true);
                let local = stream.local_addr().ok();
                self.add(Conn::Stream(stream), local, Some(peer)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn connect(&mut self, addr: &str) -> Result<u32, IoErr> {
        let a = resolve(addr)?;
        let t = TcpStream::connect(a).map_err(|e| err(&e))?;
        let _ = t.set_nodelay(true);
        self.add(Conn::Stream(t), None, Some(a))
    }

    fn connected(&mut self, s: u32) -> NetIo<()> {
        let t = self.stream(s)?;
        if let Ok(Some(e)) | Err(e) = t.take_error() {
            return Err(err(&e));
        }
        match t.peer_addr() {
            Ok(peer) => {
                // the local address is known once connected, and the peer's as the
                // system connected it (`0.0.0.0:p` reaches `127.0.0.1:p`)
                let local = t.local_addr().map(|a| a.to_string()).unwrap_or_default();
                let sock = self.sock(s)?;
                sock.local = local;
                sock.peer = peer.to_string();
                Ok(Some(()))
            }
            Err(e) if e.kind() == ErrorKind::NotConnected || e.raw_os_error() == Some(Errno::EINPROGRESS as i32) => Ok(None),
            Err(e) => Err(err(&e)),
        }
    }

    fn read(&mut self, s: u32, max: usize) -> NetIo<String> {
        let sock = self.sock(s)?;
        let Conn::Stream(t) = &mut sock.conn else { return Err(errno(Errno::EBADF)) };
        sock.inbox.read(t, max)
    }

    fn read_line(&mut self, s: u32) -> NetIo<LineRead> {
        let sock = self.sock(s)?;
        let Conn::Stream(t) = &mut sock.conn else { return Err(errno(Errno::EBADF)) };
        sock.inbox.read_line(t)
    }

    fn unread(&mut self, s: u32, bytes: &[u8]) {
        if let Ok(sock) = self.sock(s) {
            sock.inbox.unread(bytes);
        }
    }

    fn holds_text(&mut self, s: u32) -> bool {
        self.sock(s).is_ok_and(|sock| sock.inbox.holds_text())
    }

    fn write(&mut self, s: u32, bytes: &[u8]) -> NetIo<usize> {
        let t = self.stream(s)?;
        match nonblocking(|| t.write(bytes))? {
            Some(0) if !bytes.is_empty() => Err(errno(Errno::EPIPE)),
            r => Ok(r),
        }
    }

    fn shutdown(&mut self, s: u32) -> Result<(), IoErr> {
        self.stream(s)?.shutdown(Shutdown::Write).map_err(|e| err(&e))
    }

    fn addr(&mut self, s: u32, peer: bool) -> Result<String, IoErr> {
        let sock = self.sock(s)?;
        let a = if peer { &sock.peer } else { &sock.local };
        if a.is_empty() {
            return Err(errno(Errno::ENOTCONN));
        }
        Ok(a.clone())
    }

    fn retain(&mut self, s: u32, delta: i32) {
        let Some(Some(sock)) = self.socks.get_mut(s as usize) else { return };
        sock.refs += delta;
        if sock.refs <= 0 {
            self.shut(s);
            self.socks[s as usize] = None;
            self.free.push(s);
        }
    }

    fn close(&mut self, s: u32) {
        self.shut(s);
    }

    fn set_write_timeout(&mut self, s: u32, ns: i64) -> Result<(), IoErr> {
        self.stream(s)?;
        self.sock(s)?.write_timeout = ns.max(0);
        Ok(())
    }

    fn write_timeout(&mut self, s: u32) -> i64 {
        self.sock(s).map_or(0, |k| k.write_timeout)
    }

    fn wait(&mut self, s: u32, writable: bool, signals: bool) -> bool {
        // a handled signal ends the wait when the caller can let its handler run (one
        // that arrives between the look and the poll is seen at the next tick); a write
        // with a timeout looks at the clock every tick
        let signals = signals && crate::os_signals::installed();
        let timed = writable && self.write_timeout(s) > 0;
        let tick = (signals || timed).then_some(SIGNAL_TICK);
        loop {
            if signals && crate::os_signals::pending() {
                return true;
            }
            if self.poll.poll(&mut self.events, tick).is_err() {
                continue; // EINTR: looked at above
            }
            let hit = self.events.iter().any(|e| {
                e.token() == Token(s as usize)
                    && (e.is_error()
                        || if writable { e.is_writable() || e.is_write_closed() } else { e.is_readable() || e.is_read_closed() })
            });
            if hit || timed {
                return false;
            }
        }
    }

    fn poll(&mut self, timeout_ns: i64, ready: &mut Vec<(u32, bool, bool)>) {
        let timeout = Duration::from_nanos(timeout_ns.max(0) as u64);
        if self.poll.poll(&mut self.events, Some(timeout)).is_err() {
            return; // a signal arrived: the scheduler looks at it first
        }
        for e in self.events.iter().filter(|e| e.token() != WAKE) {
            let bad = e.is_error();
            ready.push((e.token().0 as u32, bad || e.is_readable() || e.is_read_closed(), bad || e.is_writable() || e.is_write_closed()));
        }
    }
}

/// The sockets behind a lock, for hosts on several threads: each operation locks.
#[derive(Clone)]
pub(crate) struct SharedNet(std::sync::Arc<std::sync::Mutex<Net>>);

impl SharedNet {
    pub fn new(net: Net) -> SharedNet {
        SharedNet(std::sync::Arc::new(std::sync::Mutex::new(net)))
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut Net) -> R) -> R {
        let mut n = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut n)
    }
}

impl cprime_vm::NetHost for SharedNet {
    fn bind(&mut self, addr: &str) -> Result<u32, cprime_vm::IoErr> {
        self.with(|n| n.bind(addr))
    }
    fn accept(&mut self, s: u32) -> cprime_vm::NetIo<u32> {
        self.with(|n| n.accept(s))
    }
    fn connect(&mut self, addr: &str) -> Result<u32, cprime_vm::IoErr> {
        self.with(|n| n.connect(addr))
    }
    fn connected(&mut self, s: u32) -> cprime_vm::NetIo<()> {
        self.with(|n| n.connected(s))
    }
    fn read(&mut self, s: u32, max: usize) -> cprime_vm::NetIo<String> {
        self.with(|n| n.read(s, max))
    }
    fn read_line(&mut self, s: u32) -> cprime_vm::NetIo<LineRead> {
        self.with(|n| n.read_line(s))
    }
    fn unread(&mut self, s: u32, bytes: &[u8]) {
        self.with(|n| n.unread(s, bytes))
    }
    fn holds_text(&mut self, s: u32) -> bool {
        self.with(|n| n.holds_text(s))
    }
    fn write(&mut self, s: u32, bytes: &[u8]) -> cprime_vm::NetIo<usize> {
        self.with(|n| n.write(s, bytes))
    }
    fn shutdown(&mut self, s: u32) -> Result<(), cprime_vm::IoErr> {
        self.with(|n| n.shutdown(s))
    }
    fn addr(&mut self, s: u32, peer: bool) -> Result<String, cprime_vm::IoErr> {
        self.with(|n| n.addr(s, peer))
    }
    fn retain(&mut self, s: u32, delta: i32) {
        self.with(|n| n.retain(s, delta))
    }
    fn close(&mut self, s: u32) {
        self.with(|n| n.close(s))
    }
    fn set_write_timeout(&mut self, s: u32, ns: i64) -> Result<(), cprime_vm::IoErr> {
        self.with(|n| n.set_write_timeout(s, ns))
    }
    fn write_timeout(&mut self, s: u32) -> i64 {
        self.with(|n| n.write_timeout(s))
    }
    fn wait(&mut self, s: u32, writable: bool, signals: bool) -> bool {
        self.with(|n| n.wait(s, writable, signals))
    }
    fn poll(&mut self, timeout_ns: i64, ready: &mut Vec<(u32, bool, bool)>) {
        self.with(|n| n.poll(timeout_ns, ready))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `op` until it stops blocking, waiting on the socket as the VM does.
    fn finish<T>(net: &mut Net, s: u32, writable: bool, mut op: impl FnMut(&mut Net) -> NetIo<T>) -> T {
        loop {
            match op(net).expect("socket operation") {
                Some(v) => return v,
                None => {
                    net.wait(s, writable, false);
                }
            }
        }
    }

    #[test]
    fn a_connection_to_the_unspecified_address_names_the_peer_it_reached() {
        let mut net = Net::new().unwrap();
        let l = net.bind("127.0.0.1:0").unwrap();
        net.retain(l, 1);
        let port = net.addr(l, false).unwrap().rsplit(':').next().unwrap().to_string();
        let c = net.connect(&format!("0.0.0.0:{port}")).unwrap();
        net.retain(c, 1);
        finish(&mut net, c, true, |n| n.connected(c));
        assert_eq!(net.addr(c, true).unwrap(), format!("127.0.0.1:{port}"));
    }

    #[test]
    fn a_burst_of_clients_longer_than_128_queues_without_waiting() {
        // with std's backlog of 128 the connections past it wait out a SYN retry (1 s)
        let mut net = Net::new().unwrap();
        let l = net.bind("127.0.0.1:0").unwrap();
        net.retain(l, 1);
        let addr: SocketAddr = net.addr(l, false).unwrap().parse().unwrap();
        let clients: Vec<std::net::TcpStream> = (0..400)
            .map(|i| std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(700)).unwrap_or_else(|e| panic!("client {i}: {e}")))
            .collect();
        assert_eq!(clients.len(), 400);
    }

    #[test]
    fn a_connection_carries_lines_both_ways() {
        let mut net = Net::new().unwrap();
        let l = net.bind("127.0.0.1:0").unwrap();
        net.retain(l, 1);
        let addr = net.addr(l, false).unwrap();
        let c = net.connect(&addr).unwrap();
        net.retain(c, 1);
        let srv = finish(&mut net, l, false, |n| n.accept(l));
        net.retain(srv, 1);
        finish(&mut net, c, true, |n| n.connected(c));
        assert_eq!(net.addr(srv, true).unwrap(), net.addr(c, false).unwrap());
        assert_eq!(net.addr(c, true).unwrap(), addr);
        let mut sent = 0;
        let msg = b"hello\r\nworld\nlast";
        while sent < msg.len() {
            sent += finish(&mut net, c, true, |n| n.write(c, &msg[sent..]));
        }
        net.shutdown(c).unwrap();
        let line = |n: &mut Net| finish(n, srv, false, |n| n.read_line(srv));
        let text = |t: &str| LineRead::Line(t.to_string());
        assert_eq!(line(&mut net), text("hello"));
        assert_eq!(line(&mut net), text("world"));
        assert_eq!(line(&mut net), text("last"), "the last line may lack its newline");
        assert_eq!(line(&mut net), LineRead::End, "end of stream");
        net.close(c);
        assert_eq!(net.addr(srv, true).unwrap(), net.addr(c, false).unwrap(), "addresses outlive the connection");
    }

    #[test]
    fn closed_sockets_fail_and_slots_are_reused_only_when_unreferenced() {
        let mut net = Net::new().unwrap();
        let l = net.bind("127.0.0.1:0").unwrap();
        net.retain(l, 1);
        net.close(l);
        assert_eq!(net.accept(l).unwrap_err().0, Errno::EBADF as i64);
        let l2 = net.bind("127.0.0.1:0").unwrap();
        assert_ne!(l2, l, "still referenced: not reused");
        net.retain(l, -1);
        net.retain(l2, 1);
        let l3 = net.bind("127.0.0.1:0").unwrap();
        assert_eq!(l3, l, "unreferenced: reused");
    }

    #[test]
    fn bad_addresses_and_busy_ports_are_errors() {
        let mut net = Net::new().unwrap();
        assert_eq!(net.bind("no-port").unwrap_err().0, Errno::EINVAL as i64);
        assert_eq!(net.bind("127.0.0.1:99999").unwrap_err().0, Errno::EINVAL as i64);
        let l = net.bind("127.0.0.1:0").unwrap();
        let addr = net.addr(l, false).unwrap();
        assert_eq!(net.bind(&addr).unwrap_err().0, Errno::EADDRINUSE as i64);
    }
}
