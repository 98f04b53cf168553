// A line indented with tabs: the caret stands under the span, and the column counts a
// tab as one character.
// exit: 1
int main() = default {
	if true {
		let x: int = "a";
	}
	return 0;
}
