//! Byte-level reading and writing: LEB128 integers, strings, with errors instead of panics.
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// Why a byte string is not a valid `.cpb` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub offset: usize,
    pub what: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.what, self.offset)
    }
}

pub type Result<T> = core::result::Result<T, DecodeError>;

/// Appends encoded values to a byte vector.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    pub fn uleb(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }
    pub fn sleb(&mut self, v: i64) {
        // zig-zag keeps small negative numbers short
        self.uleb(((v << 1) ^ (v >> 63)) as u64);
    }
    pub fn str(&mut self, s: &str) {
        self.uleb(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }
    pub fn f64(&mut self, v: f64) {
        self.bytes.extend_from_slice(&v.to_bits().to_le_bytes());
    }
}

/// Reads encoded values from a byte slice; every read is bounds-checked.
pub struct Reader<'a> {
    pub bytes: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }
    pub fn err<T>(&self, what: impl Into<String>) -> Result<T> {
        Err(DecodeError { offset: self.pos, what: what.into() })
    }
    pub fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }
    pub fn u8(&mut self) -> Result<u8> {
        match self.bytes.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => self.err("unexpected end of file"),
        }
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.bytes.len() - self.pos < n {
            return self.err("unexpected end of file");
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn uleb(&mut self) -> Result<u64> {
        let mut v: u64 = 0;
        let mut shift = 0;
        loop {
            let b = self.u8()?;
            if shift == 63 && b > 1 {
                return self.err("integer too large");
            }
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
            if shift > 63 {
                return self.err("integer too long");
            }
        }
    }
    pub fn sleb(&mut self) -> Result<i64> {
        let u = self.uleb()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }
    /// An unsigned integer that must fit `max`.
    pub fn bounded(&mut self, max: u64, what: &str) -> Result<u64> {
        let v = self.uleb()?;
        if v > max {
            return self.err(alloc::format!("{what} out of range: {v}"));
        }
        Ok(v)
    }
    /// A length prefix, checked against the bytes left so hostile counts cannot
    /// make us allocate gigabytes.
    pub fn len(&mut self, what: &str) -> Result<usize> {
        let v = self.uleb()?;
        if v > (self.bytes.len() - self.pos) as u64 {
            return self.err(alloc::format!("{what} count {v} exceeds the file size"));
        }
        Ok(v as usize)
    }
    pub fn str(&mut self) -> Result<String> {
        let n = self.len("string length")?;
        let b = self.take(n)?;
        match core::str::from_utf8(b) {
            Ok(s) => Ok(String::from(s)),
            Err(_) => self.err("string is not UTF-8"),
        }
    }
    pub fn f64(&mut self) -> Result<f64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_bits(u64::from_le_bytes(a)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn leb_roundtrip() {
        for v in [0i64, 1, -1, 63, -64, 64, 1 << 40, i64::MIN, i64::MAX] {
            let mut w = Writer::default();
            w.sleb(v);
            w.uleb(v as u64);
            let mut r = Reader::new(&w.bytes);
            assert_eq!(r.sleb().unwrap(), v);
            assert_eq!(r.uleb().unwrap(), v as u64);
            assert!(r.at_end());
        }
    }
    #[test]
    fn truncated_is_error() {
        let mut r = Reader::new(&[0x80]);
        assert!(r.uleb().is_err());
        let mut r = Reader::new(&[0xff; 11]);
        assert!(r.uleb().is_err());
    }
}
