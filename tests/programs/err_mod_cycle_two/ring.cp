mod back;
pub fn r() -> int { 1 }
