//! The CPrime instruction set, module model and `.cpb` file format.
//!
//! This crate is the single definition the compiler, the verifier, the interpreter,
//! the disassembler and `docs/bytecode.md` all follow. It is `no_std` + `alloc` so the
//! bare-metal RV32 images can carry it.
#![no_std]
extern crate alloc;

pub mod builtins;
pub mod disasm;
pub mod format;
pub mod isa;
pub mod module;
pub mod natives;
pub mod numbers;
pub mod runtimes;
pub mod wire;

pub use isa::{Insn, Operand, OPCODES};
pub use module::*;
