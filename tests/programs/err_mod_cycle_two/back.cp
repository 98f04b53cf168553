mod ring;
pub fn b() -> int { 2 }
