//! The CPrime front end: source text to a verified-ready bytecode `Module`.
//!
//! Passes, in order: `lexer` -> `parser` (arena AST, `ast`) -> `check` (name resolution,
//! types, signal rules) -> `lower` (typed register bytecode). Every pass reports into
//! `diag::Diagnostics` and keeps going where it can, so one run shows several errors.
pub mod ast;
pub mod diag;
pub mod lexer;
pub mod parser;
