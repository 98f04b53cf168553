//! How the CLI talks to the terminal: colored `error:`/`help:` lines on stderr, and stdout
//! writes that never panic on a closed pipe (`cprime dis app.cpb | head`).
use std::io::{IsTerminal, Write};

/// The user's `--color` choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// What every command needs to report: whether stderr gets ANSI colors.
pub struct Ctx {
    pub color: bool,
}

impl Ctx {
    /// `auto` colors when stderr is a terminal and `NO_COLOR` is unset or empty
    /// (<https://no-color.org>); `always`/`never` override both.
    pub fn new(choice: Color) -> Ctx {
        let color = match choice {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal(),
        };
        Ctx { color }
    }

    /// `error: MSG` on stderr.
    pub fn error(&self, msg: &str) {
        self.line("error", "1;31", msg);
    }

    /// `help: MSG` on stderr, after an error.
    pub fn help(&self, msg: &str) {
        self.line("help", "1;36", msg);
    }

    fn line(&self, tag: &str, style: &str, msg: &str) {
        let text = if self.color {
            format!("\x1b[{style}m{tag}\x1b[0m\x1b[1m: {msg}\x1b[0m\n")
        } else {
            format!("{tag}: {msg}\n")
        };
        eprint_raw(&text);
    }
}

/// Writes to stderr, ignoring errors (a message that cannot be shown is not a crash).
pub fn eprint_raw(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Writes to stdout through the runtime's never-panicking writer.
pub fn print(text: &str) {
    let mut out = cprime_runtimes::StdoutBuf::new();
    out.write_str(text);
    out.flush();
}
