//! Diagnostics: collected by every pass, rendered rustc-style
//! (`error: message`, `--> file:line:col`, the source line with a caret, `= help: ..`).
use crate::ast::Span;
use annotate_snippets::{Level, Renderer, Snippet};

/// The source files of one compilation; `Span::file` indexes `files`.
#[derive(Default, Debug, Clone)]
pub struct SourceMap {
    pub files: Vec<SourceFile>,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user wrote it (shown in diagnostics and stack traces).
    pub name: String,
    pub text: String,
    /// Byte offset where each line starts: line lookups are a binary search (the
    /// compiler asks for a line for every statement it lowers).
    line_starts: Vec<u32>,
}

impl SourceMap {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> u32 {
        let text = text.into();
        let mut line_starts = vec![0u32];
        line_starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i as u32 + 1));
        self.files.push(SourceFile { name: name.into(), text, line_starts });
        (self.files.len() - 1) as u32
    }
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: u32, offset: u32) -> (u32, u32) {
        let Some(f) = self.files.get(file as usize) else { return (0, 0) };
        let off = floor_char_boundary(&f.text, (offset as usize).min(f.text.len()));
        let line = f.line_starts.partition_point(|&start| start as usize <= off).max(1);
        let start = f.line_starts[line - 1] as usize;
        let col = f.text[start..off].chars().count() as u32 + 1;
        (line as u32, col)
    }
    pub fn line_of(&self, span: Span) -> u32 {
        self.line_col(span.file, span.lo).0
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// Text under the caret.
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, message: message.into(), span, label: None, help: None }
    }
    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, message: message.into(), span, label: None, help: None }
    }
    pub fn label(mut self, l: impl Into<String>) -> Self {
        self.label = Some(l.into());
        self
    }
    pub fn help(mut self, h: impl Into<String>) -> Self {
        self.help = Some(h.into());
        self
    }

    /// Renders the diagnostic; `color` follows `--color`/`NO_COLOR` in the CLI.
    pub fn render(&self, sm: &SourceMap, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let Some(file) = sm.files.get(self.span.file as usize) else {
            let mut msg = level.title(&self.message);
            if let Some(h) = &self.help {
                msg = msg.footer(Level::Help.title(h));
            }
            let out = renderer.render(msg).to_string();
            return out;
        };
        // a tab is shown as one space: annotate-snippets 0.11 shows it as four but counts
        // it as none when it places the caret (a byte for a byte keeps every offset and
        // the `line:col` the same)
        let untabbed;
        let text = if file.text.contains('\t') {
            untabbed = file.text.replace('\t', " ");
            untabbed.as_str()
        } else {
            file.text.as_str()
        };
        let lo = floor_char_boundary(text, (self.span.lo as usize).min(text.len()));
        let mut hi = floor_char_boundary(text, (self.span.hi as usize).min(text.len())).max(lo);
        if hi == lo && lo < text.len() {
            // a caret needs at least one character
            hi = lo + text[lo..].chars().next().map_or(0, |c| c.len_utf8());
        }
        let ann = level.span(lo..hi).label(self.label.as_deref().unwrap_or(""));
        let snippet = Snippet::source(text).origin(&file.name).fold(true).annotation(ann);
        let mut msg = level.title(&self.message).snippet(snippet);
        if let Some(h) = &self.help {
            msg = msg.footer(Level::Help.title(h));
        }
        let out = renderer.render(msg).to_string();
        out
    }
}

/// Diagnostics of a compilation, errors and warnings in the order found: the first
/// [`MAX_DIAGNOSTICS`]; the errors past them are counted, not kept (a line of 8,000
/// `?` made 8,000 errors and 65 MB of output).
#[derive(Default, Debug, Clone)]
pub struct Diagnostics {
    pub list: Vec<Diagnostic>,
    pub errors_not_kept: usize,
}

/// The most diagnostics of one compilation shown.
pub const MAX_DIAGNOSTICS: usize = 200;

impl Diagnostics {
    /// Adds `d`, unless the same diagnostic (place, message, label, help) is there
    /// already: code that is compiled more than once (a `defer` block, once for each
    /// way out of its scope) reports each of its errors once, while a trait's default
    /// method, compiled for each type, still reports what differs per type.
    pub fn push(&mut self, d: Diagnostic) {
        let same = |e: &Diagnostic| e.span == d.span && e.message == d.message && e.label == d.label && e.help == d.help;
        if self.list.iter().any(same) {
            return;
        }
        if self.list.len() >= MAX_DIAGNOSTICS {
            self.errors_not_kept += usize::from(d.severity == Severity::Error);
            return;
        }
        self.list.push(d);
    }
    /// Adds `d` unless an error at the same place was reported already: its cause (a
    /// literal the lexer refused and read as 0 is not also "not positive").
    pub fn push_follow_on(&mut self, d: Diagnostic) {
        if !self.list.iter().any(|e| e.span == d.span && matches!(e.severity, Severity::Error)) {
            self.push(d);
        }
    }

    pub fn error(&mut self, span: Span, msg: impl Into<String>) {
        self.push(Diagnostic::error(span, msg));
    }
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }
    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Error).count()
    }
}

/// `"1 argument"`, `"2 arguments"`: a count with its noun, for messages.
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// `"1 was given"`, `"2 were given"`.
pub fn given(n: usize) -> String {
    if n == 1 { "1 was given".to_string() } else { format!("{n} were given") }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first `MAX_DIAGNOSTICS` are kept; errors past them are counted (warnings
    /// not), and a repeat of a kept one is neither.
    #[test]
    fn diagnostics_past_the_cap_are_counted() {
        let mut d = Diagnostics::default();
        let at = |lo: u32| Span { file: 0, lo, hi: lo + 1 };
        for lo in 0..250 {
            d.error(at(lo), "bad");
        }
        d.error(at(3), "bad");
        d.push(Diagnostic::warning(at(300), "odd"));
        assert_eq!((d.list.len(), d.errors_not_kept), (MAX_DIAGNOSTICS, 50));
        assert!(d.has_errors());
    }
    #[test]
    fn renders_rustc_style() {
        let mut sm = SourceMap::default();
        let f = sm.add("a.cp", "fn main() {\n    let x = y;\n}\n");
        let lo = sm.files[0].text.find('y').unwrap() as u32;
        let d = Diagnostic::error(Span { file: f, lo, hi: lo + 1 }, "cannot find `y`").label("not found").help("declare it");
        let out = d.render(&sm, false);
        assert!(out.starts_with("error: cannot find `y`"), "{out}");
        assert!(out.contains("--> a.cp:2:13"), "{out}");
        assert!(out.contains("let x = y;"), "{out}");
        assert!(out.contains("^ not found"), "{out}");
        assert!(out.contains("help: declare it"), "{out}");
        assert_eq!(sm.line_col(f, lo), (2, 13));
        // line starts, the end of the text, columns in characters, and a last line
        // without a newline
        let g = sm.add("u.cp", "ab\néé x\nlast");
        assert_eq!(sm.line_col(g, 0), (1, 1));
        assert_eq!(sm.line_col(g, 3), (2, 1));
        assert_eq!(sm.line_col(g, 8), (2, 4));
        assert_eq!(sm.line_col(g, 10), (3, 1));
        assert_eq!(sm.line_col(g, 99), (3, 5));
    }

    /// The caret stands under the span on a line indented with tabs, and the column
    /// counts a tab as one character.
    #[test]
    fn caret_under_the_span_after_tabs() {
        let mut sm = SourceMap::default();
        let f = sm.add("t.cp", "fn main() {\n\t\tlet x = y;\n}\n");
        let lo = sm.files[0].text.find('y').unwrap() as u32;
        let out = Diagnostic::error(Span { file: f, lo, hi: lo + 1 }, "cannot find `y`").label("here").render(&sm, false);
        assert!(out.contains("--> t.cp:2:11"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let src = lines.iter().find(|l| l.contains("let x = y;")).expect("the source line");
        let caret = lines.iter().find(|l| l.contains("^ here")).expect("the caret line");
        assert_eq!(src.find('y'), caret.find('^'), "{out}");
    }
}
