/**
 * What the page on screen offers the list shortcuts (j/k, Esc): the list registers itself while
 * it is shown. Kept outside the components so the layout's key handler reaches whichever list
 * is on screen without knowing its type.
 */
export interface ListKeys {
	/** Moves the row cursor (and focus, to the row's link) by one. */
	move(delta: 1 | -1): void;
	/** Esc on the list: clears its search and filters; false when there was nothing to clear. */
	clear(): boolean;
}

class ShortcutTargets {
	list: ListKeys | null = null;

	/** While a list is shown; returns how to stop (its cleanup). */
	setList(list: ListKeys): () => void {
		this.list = list;
		return () => {
			if (this.list === list) this.list = null;
		};
	}
}

export const shortcutTargets = new ShortcutTargets();
