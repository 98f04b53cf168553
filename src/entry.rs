//! Choosing the entry point to run (BRIEF section 2): `--entry NAME`; else the only entry;
//! else `main` if there is one; else an error that lists them.
use cprime_bytecode::Module;

use crate::term::Ctx;

#[derive(Debug, PartialEq, Eq)]
pub enum EntryError {
    /// `--entry NAME` names no entry point.
    Unknown { name: String, available: Vec<String> },
    /// Several entry points, none named `main`, and no `--entry`.
    Ambiguous(Vec<String>),
    /// No function has `= RUNTIME`.
    None,
}

/// The index of the entry point to run in `m.entries`.
pub fn select(m: &Module, wanted: Option<&str>) -> Result<usize, EntryError> {
    let names: Vec<String> = m.entries.iter().map(|e| e.name.clone()).collect();
    if let Some(name) = wanted {
        return names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| EntryError::Unknown { name: name.to_string(), available: names.clone() });
    }
    match names.len() {
        0 => Err(EntryError::None),
        1 => Ok(0),
        _ => names.iter().position(|n| n == "main").ok_or(EntryError::Ambiguous(names)),
    }
}

const NO_ENTRY_HELP: &str = "make a function an entry point with `= default`, e.g. `int main() = default { .. }`";

impl EntryError {
    /// Prints the error and its help line to stderr.
    pub fn report(&self, ctx: &Ctx) {
        match self {
            EntryError::Unknown { name, available } => {
                ctx.error(&format!("no entry point named `{name}`"));
                if available.is_empty() {
                    ctx.help(NO_ENTRY_HELP);
                } else {
                    ctx.help(&format!("available entry points: {}", available.join(", ")));
                }
            }
            EntryError::Ambiguous(names) => {
                ctx.error(&format!("several entry points and no --entry: {}", names.join(", ")));
                ctx.help("pick one with `--entry NAME`, or name one of them `main`");
            }
            EntryError::None => {
                ctx.error("no entry point");
                ctx.help(NO_ENTRY_HELP);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cprime_bytecode::Entry;

    fn module(names: &[&str]) -> Module {
        let mut m = Module::new();
        for n in names {
            m.entries.push(Entry::plain(n, 0));
        }
        m
    }

    #[test]
    fn rules() {
        assert_eq!(select(&module(&[]), None), Err(EntryError::None));
        assert_eq!(select(&module(&["app"]), None), Ok(0));
        assert_eq!(select(&module(&["a", "main"]), None), Ok(1));
        assert_eq!(select(&module(&["a", "b"]), None), Err(EntryError::Ambiguous(vec!["a".into(), "b".into()])));
        assert_eq!(select(&module(&["a", "b"]), Some("b")), Ok(1));
        assert_eq!(
            select(&module(&["a"]), Some("x")),
            Err(EntryError::Unknown { name: "x".into(), available: vec!["a".into()] })
        );
    }
}
