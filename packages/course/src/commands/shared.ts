/**
 * Arguments every command takes.
 *
 * @module
 */

/** `--root DIR`: the course to work on, instead of the one around the current folder. */
export const rootArg = {
  root: {
    type: 'string',
    valueHint: 'DIR',
    description: 'The course folder (default: found from the current folder, or SPELLBOOK_COURSE_ROOT)',
  },
} as const;
