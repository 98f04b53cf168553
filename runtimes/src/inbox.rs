//! What a connection has received but not yet handed to the program: the bytes past the
//! last line `read_line` returned, and the start of a character split between two
//! receipts. The program only ever gets text: whole lines, or whole UTF-8 characters.
//!
//! `read_line` never searches the same bytes twice (`scanned`) and hands out lines by
//! moving a start offset rather than shifting the buffer, so a long line or many short
//! ones cost time in proportion to their bytes.
use std::io::Read;

use cprime_vm::{IoErr, LineRead, NetIo};
use nix::errno::Errno;

use crate::net::nonblocking;

/// Longest line `read_line` collects before it gives up (a peer that never sends a
/// newline must not exhaust memory).
pub const MAX_LINE: usize = 16 * 1024 * 1024;

/// Bytes one `read_line` call receives before it returns [`LineRead::More`] to let other
/// coroutines run.
const LINE_SLICE: usize = 1024 * 1024;

/// Bytes asked of the OS at once while a line is short (more as it grows).
const CHUNK: usize = 8 * 1024;

/// A buffer larger than this is freed, not kept, once everything in it was handed out:
/// an idle connection (most of a server's, each a coroutine waiting in `read_line`)
/// should hold no receive buffer while it waits.
const KEEP: usize = 256;

#[derive(Default)]
pub struct Inbox {
    buf: Vec<u8>,
    /// Where what is not yet handed out starts.
    pos: usize,
    /// `buf[pos..scanned]` holds no newline.
    scanned: usize,
    /// The peer ended the stream (everything after `pos` is all there is).
    eof: bool,
    /// `read_line` refused a line past [`MAX_LINE`] and drops the rest of it, up to and
    /// including its newline.
    skipping: bool,
}

impl Inbox {
    /// The text available, up to `max` bytes of whole characters (a first character
    /// longer than `max` comes whole: every read that can returns something).
    pub fn read(&mut self, src: &mut impl Read, max: usize) -> NetIo<String> {
        // what is left of a line `read_line` refused is the program's to read now
        self.skipping = false;
        loop {
            let pending = &self.buf[self.pos..];
            let limit = max.max(pending.first().map_or(1, |&b| char_len(b)));
            let cut = whole_chars(&pending[..pending.len().min(limit)]);
            if cut > 0 || (self.eof && pending.is_empty()) {
                let bytes = pending[..cut].to_vec();
                self.consume(cut);
                return text(bytes).map(Some);
            }
            if self.eof {
                // the stream ended inside a character
                self.consume(pending.len());
                return Err(not_text());
            }
            if self.fill(src, max)?.is_none() {
                return Ok(None);
            }
        }
    }

    /// One line without its `\n` / `\r\n` (the last may lack its newline).
    pub fn read_line(&mut self, src: &mut impl Read) -> NetIo<LineRead> {
        let mut received = 0;
        loop {
            if let Some(i) = self.buf[self.scanned..].iter().position(|&b| b == b'\n') {
                let end = self.scanned + i;
                if core::mem::take(&mut self.skipping) {
                    // the end of a refused line: the next line follows
                    self.consume(end + 1 - self.pos);
                    continue;
                }
                if end - self.pos > MAX_LINE {
                    self.consume(end + 1 - self.pos);
                    return Err(too_long());
                }
                let line = &self.buf[self.pos..end];
                let line = line.strip_suffix(b"\r").unwrap_or(line).to_vec();
                self.consume(end + 1 - self.pos);
                return text(line).map(|t| Some(LineRead::Line(t)));
            }
            self.scanned = self.buf.len();
            if self.skipping {
                self.consume(self.buf.len() - self.pos);
            }
            let len = self.buf.len() - self.pos;
            if len > MAX_LINE {
                // refused, and dropped to its end so that reading can go on after it
                self.consume(len);
                self.skipping = true;
                return Err(too_long());
            }
            if self.eof {
                self.skipping = false;
                if len == 0 {
                    return Ok(Some(LineRead::End));
                }
                let line = self.buf[self.pos..].to_vec();
                self.consume(len);
                return text(line).map(|t| Some(LineRead::Line(t)));
            }
            if received >= LINE_SLICE {
                return Ok(Some(LineRead::More));
            }
            match self.fill(src, len.clamp(CHUNK, LINE_SLICE))? {
                Some(n) => received += n,
                None => return Ok(None),
            }
        }
    }

    /// Receives once, up to `want` more bytes: how many (0 at the end of the stream),
    /// `None` when nothing has arrived.
    fn fill(&mut self, src: &mut impl Read, want: usize) -> NetIo<usize> {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.scanned -= self.pos;
            self.pos = 0;
        }
        let old = self.buf.len();
        if old == 0 && want <= CHUNK {
            // nothing pending: receive on the stack, so that a wait that gets nothing
            // leaves no buffer behind (10,000 idle connections held 8 KiB each)
            let mut chunk = [0u8; CHUNK];
            let r = nonblocking(|| src.read(&mut chunk[..want.max(1)]));
            match r {
                Ok(Some(0)) => self.eof = true,
                Ok(Some(n)) => self.buf.extend_from_slice(&chunk[..n]),
                _ => {}
            }
            return r;
        }
        self.buf.resize(old + want.max(1), 0);
        let r = nonblocking(|| src.read(&mut self.buf[old..]));
        self.buf.truncate(old + r.as_ref().map_or(0, |n| n.unwrap_or(0)));
        if let Ok(Some(0)) = r {
            self.eof = true;
        }
        r
    }

    /// Hands out the next `n` bytes.
    fn consume(&mut self, n: usize) {
        self.pos += n;
        self.scanned = self.scanned.max(self.pos);
        if self.pos == self.buf.len() {
            if self.buf.capacity() > KEEP {
                self.buf = Vec::new();
            }
            self.buf.clear();
            self.pos = 0;
            self.scanned = 0;
        }
    }

    /// Puts `bytes` back in front of what is not yet handed out.
    pub fn unread(&mut self, bytes: &[u8]) {
        let mut buf = Vec::with_capacity(bytes.len() + self.buf.len() - self.pos);
        buf.extend_from_slice(bytes);
        buf.extend_from_slice(&self.buf[self.pos..]);
        *self = Inbox { buf, pos: 0, scanned: 0, ..*self };
    }

    /// Forgets what was received (the connection is closed).
    /// Whether received bytes wait to be handed out.
    pub fn holds_text(&self) -> bool {
        self.pos < self.buf.len()
    }

    pub fn clear(&mut self) {
        *self = Inbox { eof: self.eof, ..Inbox::default() };
    }
}

/// How many leading bytes of `b` can be handed out: all but the start of a character
/// that has not fully arrived. Bytes that can never be UTF-8 are handed out for
/// [`text`] to refuse.
fn whole_chars(b: &[u8]) -> usize {
    match std::str::from_utf8(b) {
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        _ => b.len(),
    }
}

/// The fuzz oracle (fuzz/fuzz_targets/net_text.rs): `data` after its first byte is what
/// a peer sends, cut into receipts (with "would block" between them) of sizes the first
/// byte decides, and read by `read` with a limit it decides too, then by `read_line`.
/// Neither may panic; text that is UTF-8 must come back exactly (in whole characters,
/// each within the limit unless it is one longer character) and as its lines; text
/// that is not must meet `EILSEQ`.
pub fn check_receipts(data: &[u8]) {
    let Some((&seed, bytes)) = data.split_first() else { return };
    let max = 1 + (seed as usize & 15);
    let text = std::str::from_utf8(bytes).ok();

    let mut inbox = Inbox::default();
    let mut peer = Receipts::new(bytes, seed);
    let (mut got, mut refused) = (String::new(), false);
    loop {
        match inbox.read(&mut peer, max) {
            Ok(None) => {}
            Ok(Some(t)) if t.is_empty() => break,
            Ok(Some(t)) => {
                assert!(t.len() <= max || t.chars().count() == 1, "{t:?} is over the limit {max}");
                got.push_str(&t);
            }
            Err((code, _)) => {
                assert_eq!(code, Errno::EILSEQ as i64);
                refused = true;
            }
        }
    }
    match text {
        Some(text) => assert!(!refused && got == text, "read gave {got:?} for {text:?}"),
        None => assert!(refused, "bytes that are not UTF-8 went through"),
    }

    let mut inbox = Inbox::default();
    let mut peer = Receipts::new(bytes, seed);
    let (mut lines, mut refused) = (Vec::new(), false);
    loop {
        match inbox.read_line(&mut peer) {
            Ok(None | Some(LineRead::More)) => {}
            Ok(Some(LineRead::End)) => break,
            Ok(Some(LineRead::Line(l))) => lines.push(l),
            Err((code, _)) => {
                assert_eq!(code, Errno::EILSEQ as i64);
                refused = true;
            }
        }
    }
    match text {
        Some(text) => {
            let want: Vec<&str> = text.split_inclusive('\n').map(|l| l.strip_suffix('\n').map_or(l, |l| l.strip_suffix('\r').unwrap_or(l))).collect();
            assert!(!refused && lines == want, "read_line gave {lines:?} for {text:?}");
        }
        None => assert!(refused, "a line that is not UTF-8 went through"),
    }
}

/// A peer for [`check_receipts`]: `bytes` in receipts of 1 to 8 bytes, "would block"
/// before each, sizes from a small generator seeded by `seed`.
struct Receipts<'a> {
    bytes: &'a [u8],
    state: u32,
    ready: bool,
}

impl<'a> Receipts<'a> {
    fn new(bytes: &'a [u8], seed: u8) -> Receipts<'a> {
        Receipts { bytes, state: seed as u32 | 1, ready: false }
    }
}

impl Read for Receipts<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if !std::mem::take(&mut self.ready) {
            self.ready = true;
            return Err(std::io::ErrorKind::WouldBlock.into());
        }
        self.state = self.state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let n = (1 + (self.state >> 16) as usize % 8).min(self.bytes.len()).min(out.len());
        out[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

/// The length of the UTF-8 character that starts with byte `b` (1 for a byte that
/// starts none, which `text` then refuses).
fn char_len(b: u8) -> usize {
    match b {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

fn too_long() -> IoErr {
    (Errno::EMSGSIZE as i64, format!("line longer than {MAX_LINE} bytes"))
}

fn text(bytes: Vec<u8>) -> Result<String, IoErr> {
    String::from_utf8(bytes).map_err(|_| not_text())
}

fn not_text() -> IoErr {
    (Errno::EILSEQ as i64, "received bytes that are not UTF-8 text".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::io::{Error, ErrorKind};

    /// A peer that delivers these receipts one per `read`, "would block" between them,
    /// then the end of the stream.
    struct Peer {
        receipts: VecDeque<Option<Vec<u8>>>,
        reads: usize,
    }

    impl Peer {
        fn new(receipts: &[&[u8]]) -> Peer {
            Peer { receipts: receipts.iter().flat_map(|r| [Some(r.to_vec()), None]).collect(), reads: 0 }
        }
    }

    impl Read for Peer {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            self.reads += 1;
            match self.receipts.pop_front() {
                None => Ok(0),
                Some(None) => Err(Error::from(ErrorKind::WouldBlock)),
                Some(Some(mut r)) => {
                    let n = r.len().min(out.len());
                    out[..n].copy_from_slice(&r[..n]);
                    if n < r.len() {
                        self.receipts.push_front(Some(r.split_off(n)));
                    }
                    Ok(n)
                }
            }
        }
    }

    /// Reads until the end, collecting each result ("would block" skipped).
    fn read_all(inbox: &mut Inbox, peer: &mut Peer, max: usize) -> Vec<Result<String, i64>> {
        let mut out = Vec::new();
        loop {
            match inbox.read(peer, max) {
                Ok(None) => continue,
                Ok(Some(t)) if t.is_empty() => return out,
                Ok(Some(t)) => out.push(Ok(t)),
                Err((code, _)) => out.push(Err(code)),
            }
        }
    }

    /// `text` cut into receipts at the given points (any byte, even inside a character);
    /// none is empty, which would be the end of the stream.
    fn cut_up(text: &str, mut cuts: Vec<usize>) -> Vec<Vec<u8>> {
        cuts.iter_mut().for_each(|c| *c %= text.len() + 1);
        cuts.sort();
        let mut at = 0;
        let mut out = Vec::new();
        for c in cuts.into_iter().chain([text.len()]).filter(|&c| c > 0) {
            if c > at {
                out.push(text.as_bytes()[at..c].to_vec());
                at = c;
            }
        }
        out
    }

    proptest::proptest! {
        /// However the peer's bytes are split into packets, `read` returns the text in
        /// whole characters and `read_line` its lines.
        #[test]
        fn text_survives_any_packet_boundaries(
            text in "[a-z\\n\\r€é🦀 ]{0,60}",
            cuts in proptest::collection::vec(0usize..200, 0..8),
            max in 1usize..16,
        ) {
            let receipts = cut_up(&text, cuts);
            let receipts: Vec<&[u8]> = receipts.iter().map(|r| &r[..]).collect();
            let chunks = read_all(&mut Inbox::default(), &mut Peer::new(&receipts), max);
            let joined: String = chunks.iter().map(|c| c.clone().expect("valid text")).collect();
            proptest::prop_assert_eq!(&joined, &text);
            // at most `max` bytes, or one character longer than that
            proptest::prop_assert!(chunks.iter().all(|c| c.as_ref().is_ok_and(|c| c.len() <= max || c.chars().count() == 1)));

            let got = all_lines(&mut Inbox::default(), &mut Peer::new(&receipts));
            let mut want: Vec<Result<String, i64>> = text
                .split_inclusive('\n')
                .map(|l| Ok(l.strip_suffix('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).unwrap_or(l).to_string()))
                .collect();
            if want.is_empty() && !text.is_empty() {
                want.push(Ok(text.clone()));
            }
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        /// The fuzz oracle on arbitrary bytes, and on text made mostly of the
        /// characters that matter (multi-byte ones, line endings).
        #[test]
        fn the_fuzz_oracle_holds_for_any_bytes(data in proptest::collection::vec(proptest::num::u8::ANY, 0..120)) {
            check_receipts(&data);
        }

        #[test]
        fn the_fuzz_oracle_holds_for_text(seed in proptest::num::u8::ANY, text in "[a\\n\\r€é🦀]{0,40}") {
            let mut data = vec![seed];
            data.extend_from_slice(text.as_bytes());
            check_receipts(&data);
        }
    }

    #[test]
    fn a_connection_waiting_for_its_next_line_holds_no_buffer() {
        let mut inbox = Inbox::default();
        let mut peer = Peer::new(&[b"GET / HTTP/1.1\r\n", b"Host: t\r\n"]);
        assert!(matches!(inbox.read_line(&mut peer), Ok(Some(LineRead::Line(l))) if l == "GET / HTTP/1.1"));
        // nothing more has arrived: the wait keeps no 8 KiB receive chunk, only what a
        // short line left
        assert!(matches!(inbox.read_line(&mut peer), Ok(None)));
        assert!(inbox.buf.capacity() <= KEEP, "an idle connection's buffer: {} bytes", inbox.buf.capacity());
        assert!(matches!(inbox.read_line(&mut peer), Ok(Some(LineRead::Line(l))) if l == "Host: t"));
        assert!(inbox.buf.capacity() <= KEEP, "what a short line leaves");
    }

    #[test]
    fn a_character_split_between_receipts_arrives_whole() {
        let euro = "€".as_bytes(); // three bytes
        let mut peer = Peer::new(&[b"a", &euro[..1], &euro[1..2], &[euro[2], b'b']]);
        let got = read_all(&mut Inbox::default(), &mut peer, 64);
        assert_eq!(got, [Ok("a".to_string()), Ok("€b".to_string())]);
    }

    #[test]
    fn a_read_limit_inside_a_character_cuts_before_it() {
        let mut peer = Peer::new(&["ab€".as_bytes()]);
        let got = read_all(&mut Inbox::default(), &mut peer, 4);
        assert_eq!(got, [Ok("ab".to_string()), Ok("€".to_string())]);
    }

    #[test]
    fn bytes_that_are_not_text_are_an_error_and_reading_goes_on() {
        let mut peer = Peer::new(&[b"ok\xff", b"fine"]);
        let got = read_all(&mut Inbox::default(), &mut peer, 64);
        assert_eq!(got, [Err(Errno::EILSEQ as i64), Ok("fine".to_string())]);
        let mut peer = Peer::new(&[b"cut \xe2\x82"]);
        let got = read_all(&mut Inbox::default(), &mut peer, 64);
        assert_eq!(got, [Ok("cut ".to_string()), Err(Errno::EILSEQ as i64)], "the stream ended inside a character");
    }

    #[test]
    fn lines_split_anywhere_come_out_whole() {
        let mut peer = Peer::new(&[b"he", b"llo\r", b"\nwor", "ld €\nx\n\nla".as_bytes(), b"st"]);
        let got = all_lines(&mut Inbox::default(), &mut peer);
        let want: Vec<Result<String, i64>> = ["hello", "world €", "x", "", "last"].iter().map(|s| Ok(s.to_string())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_line_that_is_not_text_is_an_error() {
        let mut peer = Peer::new(&[b"\xc3\x28\nnext\n"]);
        let got = all_lines(&mut Inbox::default(), &mut peer);
        assert_eq!(got, [Err(Errno::EILSEQ as i64), Ok("next".to_string())], "the bad line is consumed");
    }

    #[test]
    fn a_long_line_takes_linear_work_and_lets_others_run() {
        let mut body = vec![b'x'; 5 * LINE_SLICE / 2];
        body.push(b'\n');
        let mut peer = Peer::new(&[&body]);
        let mut inbox = Inbox::default();
        let mut mores = 0;
        let line = loop {
            match inbox.read_line(&mut peer).unwrap() {
                Some(LineRead::More) => mores += 1,
                Some(LineRead::Line(t)) => break t,
                Some(LineRead::End) => panic!("line lost"),
                None => {}
            }
        };
        assert_eq!(line.len(), body.len() - 1);
        assert!(peer.reads < 40, "{} receipts: the asks grow with the line", peer.reads);
        assert_eq!(mores, 2, "one `More` per slice received");
        assert!(inbox.scanned == 0 && inbox.buf.capacity() == 0, "a big buffer is freed once empty");
    }

    /// Lines until the end, with every error.
    fn all_lines(inbox: &mut Inbox, peer: &mut Peer) -> Vec<Result<String, i64>> {
        let mut out = Vec::new();
        loop {
            match inbox.read_line(peer) {
                Ok(None | Some(LineRead::More)) => continue,
                Ok(Some(LineRead::End)) => return out,
                Ok(Some(LineRead::Line(t))) => out.push(Ok(t)),
                Err((code, _)) => out.push(Err(code)),
            }
        }
    }

    #[test]
    fn a_line_past_the_limit_is_refused_and_reading_goes_on_after_it() {
        let too_long = Err(Errno::EMSGSIZE as i64);
        // arriving bit by bit, the refusal comes before its newline does
        let mut body = vec![b'x'; MAX_LINE + 3 * CHUNK];
        let mut peer = Peer::new(&[b"first\n", &body, b"xx\nafter\n"]);
        let got = all_lines(&mut Inbox::default(), &mut peer);
        assert_eq!(got, [Ok("first".to_string()), too_long.clone(), Ok("after".to_string())]);
        // arriving at once with its newline, a line one byte too long is refused too
        body.truncate(MAX_LINE + 1);
        body.extend_from_slice(b"\nnext\n");
        let got = all_lines(&mut Inbox::default(), &mut Peer::new(&[&body]));
        assert_eq!(got, [too_long.clone(), Ok("next".to_string())]);
        // a last line without its newline is held to the limit too
        body.truncate(MAX_LINE + 1);
        let got = all_lines(&mut Inbox::default(), &mut Peer::new(&[&body]));
        assert_eq!(got, [too_long]);
        body.truncate(MAX_LINE);
        body.push(b'\n');
        let got = all_lines(&mut Inbox::default(), &mut Peer::new(&[&body]));
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().is_ok_and(|l| l.len() == MAX_LINE), "exactly the limit is a line");
    }

    #[test]
    fn text_put_back_is_read_first() {
        let mut inbox = Inbox::default();
        let mut peer = Peer::new(&[b"one\ntwo\n"]);
        let Ok(Some(LineRead::Line(one))) = inbox.read_line(&mut peer) else { panic!("no line") };
        inbox.unread(format!("{one}\n").as_bytes());
        assert_eq!(all_lines(&mut inbox, &mut peer), [Ok("one".to_string()), Ok("two".to_string())]);
    }
}
