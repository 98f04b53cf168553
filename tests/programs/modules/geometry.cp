pub struct Rect { w: int, h: int }
pub const PI_ISH: int = 3;
pub fn area(r: Rect) -> int { r.w * r.h }
