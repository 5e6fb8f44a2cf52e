// Ink's Text, writing out the control characters of what it is given: a description, an error or a
// process's argv holding ESC ] 52 set the clipboard when Ink drew it (issue 13, item 11). Every
// component takes Text from here (test/ui/visible.test.tsx checks), so nothing reaches the terminal raw.
import {Text as InkText} from 'ink';
import {Children, type ComponentProps} from 'react';
import {visible} from '../present/visible.js';

export function Text({children, ...props}: ComponentProps<typeof InkText>) {
	return <InkText {...props}>{Children.map(children, child => (typeof child === 'string' ? visible(child) : child))}</InkText>;
}
