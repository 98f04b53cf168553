//! Stdin as lines, shared by every reader in the process. Whoever needs more input (the
//! default runtime's `read_line`, or a file thread for a waiting coroutine) reads one
//! chunk and appends it here, and lines are cut from this buffer: a coroutine takes a
//! line that is already here at once, and waits on a file thread only for more input
//! (one hand-over per chunk, not per line).
use std::io::{ErrorKind, Read};
use std::sync::{Mutex, MutexGuard};

/// Most bytes read from stdin at once.
const CHUNK: usize = 64 * 1024;

struct Buffered {
    bytes: Vec<u8>,
    /// Where what is not yet handed out starts.
    pos: usize,
    /// `bytes[pos..scanned]` holds no newline (a long line is searched once).
    scanned: usize,
    /// Stdin ended (or failed): what is left is all there is.
    eof: bool,
}

static BUFFER: Mutex<Buffered> = Mutex::new(Buffered { bytes: Vec::new(), pos: 0, scanned: 0, eof: false });
/// Held while reading from stdin, so that chunks are appended in the order they were
/// read (the buffer itself stays free meanwhile for readers of whole lines).
static READER: Mutex<()> = Mutex::new(());

fn buffer() -> MutexGuard<'static, Buffered> {
    BUFFER.lock().unwrap_or_else(|e| e.into_inner())
}

impl Buffered {
    /// Where the next newline is, searching only bytes not searched before.
    fn newline(&mut self) -> Option<usize> {
        let from = self.scanned.max(self.pos);
        match self.bytes[from..].iter().position(|&c| c == b'\n') {
            Some(i) => Some(from + i),
            None => {
                self.scanned = self.bytes.len();
                None
            }
        }
    }
}

/// A whole line if one is here, without its `\n` / `\r\n` (invalid UTF-8 replaced);
/// `Some(None)` at the end of the input; `None` when more must be read first.
pub fn buffered_line() -> Option<Option<String>> {
    let mut b = buffer();
    let newline = b.newline();
    let rest = &b.bytes[b.pos..];
    let (line, used) = match newline {
        Some(i) => (&rest[..i - b.pos], i + 1 - b.pos),
        None if b.eof && rest.is_empty() => return Some(None),
        // the last line may lack its newline
        None if b.eof => (rest, rest.len()),
        None => return None,
    };
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = String::from_utf8_lossy(line).into_owned();
    b.pos += used;
    if b.pos == b.bytes.len() {
        // a long line's buffer is not kept for the short ones after it
        if b.bytes.capacity() > 4 * CHUNK {
            b.bytes = Vec::new();
        }
        b.bytes.clear();
        b.pos = 0;
        b.scanned = 0;
    }
    Some(Some(text))
}

/// Reads one chunk of stdin into the buffer, blocking until there is some (or the end),
/// unless a line arrived meanwhile through another reader.
pub fn fill() {
    let _reading = READER.lock().unwrap_or_else(|e| e.into_inner());
    {
        let mut b = buffer();
        if b.eof || b.newline().is_some() {
            return;
        }
    }
    let mut chunk = vec![0u8; CHUNK];
    let n = loop {
        match std::io::stdin().lock().read(&mut chunk) {
            Ok(n) => break n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            // a stdin that fails ends the input, as `read_line` always had it
            Err(_) => break 0,
        }
    };
    let mut b = buffer();
    if n == 0 {
        b.eof = true;
    } else {
        if b.pos > 0 {
            let pos = b.pos;
            b.bytes.drain(..pos);
            b.scanned = b.scanned.saturating_sub(pos);
            b.pos = 0;
        }
        b.bytes.extend_from_slice(&chunk[..n]);
    }
}

/// A line, reading as much as it takes (`None` at the end of the input).
pub fn read_line() -> Option<String> {
    loop {
        if let Some(line) = buffered_line() {
            return line;
        }
        fill();
    }
}
