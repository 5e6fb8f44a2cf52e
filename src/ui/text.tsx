// Ink's Text, writing out the control characters of what it is given: a description, an error or a
// process's argv holding ESC ] 52 set the clipboard when Ink drew it (issue 13, item 11). Every
// component takes Text from here (test/ui/visible.test.tsx checks), so nothing reaches the terminal raw.
import {Text as InkText} from 'ink';
import {Children, type ComponentProps} from 'react';
import {visible} from '../present/visible.js';

/** A truncated Text is one row of a list: a newline in a value there would draw a row of its own, so it is written out too. */
export function Text({children, ...props}: ComponentProps<typeof InkText>) {
	const oneRow = props.wrap?.startsWith('truncate') ?? false;
	const shown = (text: string) => (oneRow ? visible(text).replaceAll('\n', '\\n') : visible(text));
	return <InkText {...props}>{Children.map(children, child => (typeof child === 'string' ? shown(child) : child))}</InkText>;
}
