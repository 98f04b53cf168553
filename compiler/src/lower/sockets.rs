//! The methods of `TcpListener` and `TcpStream` (the constructors, `TcpListener::bind`
//! and `TcpStream::connect`, are in `calls.rs`).
//!
//! Each is one socket native (vm/src/net.rs) that waits inside the call when it must,
//! as channel operations do, so `.await` after it has nothing left to do. Operations
//! that can fail raise `IO_ERROR` and follow the `?` rule (`io_call`).
use cprime_bytecode::natives::Native;

use super::{FnCx, V};
use crate::ast::*;
use crate::diag::Diagnostic;
use crate::types::{Ty, INT};

impl<'u, 'a> FnCx<'u, 'a> {
    pub fn socket_method(&mut self, r: &V, listener: bool, name: Ident<'a>, args: &'a [&'a Expr<'a>], span: Span) -> V {
        let r = r.clone();
        let arity = if matches!(name.name, "write_all" | "write" | "set_write_timeout") { 1 } else { 0 };
        // `read()` or `read(n)`: at most n bytes
        let read_max = !listener && name.name == "read" && args.len() == 1;
        if args.len() != arity && !read_max {
            let wants = match name.name {
                "set_write_timeout" => "a `Duration`",
                _ if arity == 1 => "the text to write",
                _ => "no arguments",
            };
            self.err(name.span, format!("`{}` takes {wants}", name.name));
            for a in args {
                self.expr(a, None);
            }
            return V { reg: self.never().reg, ty: Ty::Error };
        }
        match (listener, name.name) {
            // `let (stream, peer) = listener.accept().await?;`
            (true, "accept") => {
                self.io_call(span);
                let stream = self.call_native(Native::NetAccept, &[r], Ty::Tcp(false));
                let peer = self.load_int(1, INT);
                let addr = self.call_native(Native::NetAddr, &[stream.clone(), peer], Ty::Str);
                self.new_tuple(&[stream, addr])
            }
            (_, "local_addr") | (false, "peer_addr") => {
                let peer = self.load_int((name.name == "peer_addr") as i64, INT);
                self.call_native(Native::NetAddr, &[r, peer], Ty::Str)
            }
            (_, "close") => self.call_native(Native::NetClose, &[r], Ty::Unit),
            (false, "read") if read_max => {
                let max = self.expr_expect(args[0], &INT);
                self.io_call(span);
                self.call_native(Native::NetReadMax, &[r, max], Ty::Str)
            }
            (false, "read") => {
                self.io_call(span);
                self.call_native(Native::NetRead, &[r], Ty::Str)
            }
            (false, "read_line") => {
                self.io_call(span);
                self.call_native(Native::NetReadLine, &[r], Ty::option(Ty::Str))
            }
            (false, "write_all" | "write") => {
                let text = self.expr_expect(args[0], &Ty::Str);
                self.io_call(span);
                self.call_native(Native::NetWrite, &[r, text], Ty::Unit)
            }
            (false, "shutdown") => self.call_native(Native::NetShutdown, &[r], Ty::Unit),
            // how long a `write_all` may wait without writing (a client that stops
            // reading); `Duration::from_secs(0)`: for ever
            (false, "set_write_timeout") => {
                let d = self.expr_expect(args[0], &Ty::Duration);
                self.io_call(span);
                self.call_native(Native::NetWriteTimeout, &[r, d], Ty::Unit)
            }
            // writes are not buffered: there is nothing to flush
            (false, "flush") => self.unit(),
            _ => {
                let ty = if listener { "TcpListener" } else { "TcpStream" };
                self.diag(Diagnostic::error(name.span, format!("no method named `{}` found for `{ty}`", name.name)).label("method not found"));
                V { reg: self.never().reg, ty: Ty::Error }
            }
        }
    }
}
