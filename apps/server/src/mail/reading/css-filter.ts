import * as csstree from 'css-tree';
import type { ResourcePolicy } from './url-policy.ts';

// A CSS filter over css-tree's spec tokenizer (linear time, escapes decoded as a browser decodes them):
// no regular expression ever runs over the message's CSS. See docs/decisions/011-html-safety.md.

/** Functions a value may call: none of them fetches anything or runs anything. */
const SAFE_FUNCTIONS = new Set([
  'rgb',
  'rgba',
  'hsl',
  'hsla',
  'hwb',
  'lab',
  'lch',
  'oklab',
  'oklch',
  'color',
  'color-mix',
  'light-dark',
  'calc',
  'min',
  'max',
  'clamp',
  'linear-gradient',
  'radial-gradient',
  'conic-gradient',
  'repeating-linear-gradient',
  'repeating-radial-gradient',
  'repeating-conic-gradient',
  '-webkit-linear-gradient',
  '-webkit-radial-gradient',
  '-webkit-gradient',
  '-webkit-repeating-linear-gradient',
  'color-stop',
  'from',
  'to',
  'format',
  'local',
  'tech',
  'counter',
  'counters',
  'cubic-bezier',
  'steps',
  'rect',
  'inset',
  'circle',
  'ellipse',
  'polygon',
  'minmax',
  'repeat',
  'fit-content',
  'blur',
  'brightness',
  'contrast',
  'drop-shadow',
  'grayscale',
  'hue-rotate',
  'invert',
  'opacity',
  'saturate',
  'sepia',
  'matrix',
  'matrix3d',
  'translate',
  'translatex',
  'translatey',
  'translate3d',
  'scale',
  'scalex',
  'scaley',
  'rotate',
  'skew',
  'skewx',
  'skewy',
  'perspective',
]);
const IMAGE_SETS = new Set(['image-set', '-webkit-image-set']);
/** IE/old Gecko ways to run code from CSS */
const DENIED_PROPERTIES = new Set(['behavior', '-ms-behavior', '-moz-binding']);
/** values that pin a box to the frame's viewport whatever the reader scrolls */
const PINNED = new Set(['fixed', 'sticky', '-webkit-sticky']);
/** at-rules whose block is kept (and filtered); every other at-rule (@import, @namespace, @property, …) goes */
const BLOCK_AT_RULES = new Set(['media', 'supports', 'container', 'font-face', 'keyframes', '-webkit-keyframes']);
const MAX_NESTING = 16;

const nameOf = (s: string) => csstree.ident.decode(s).toLowerCase();

/** Notes every URL under a node that is dropped, so the reader still says "this message has remote content". */
function noteUrls(node: csstree.CssNode, policy: ResourcePolicy): void {
  csstree.walk(node, (n) => {
    if (n.type === 'Url' || n.type === 'String') policy.note(n.value);
    else if (n.type === 'Raw') noteRawUrls(n.value, policy);
  });
}

/** Unparsed text (e.g. `u\72l(//x)`: a url( a browser reads and css-tree's parser does not), read token by token. */
function noteRawUrls(text: string, policy: ResourcePolicy): void {
  csstree.tokenize(text, (type, start, end) => {
    if (type === csstree.tokenTypes.Url) policy.note(csstree.url.decode(text.slice(start, end)));
    else if (type === csstree.tokenTypes.Function && nameOf(text.slice(start, end - 1)) === 'url') {
      const head = text.slice(end, end + 2048).trimStart(); // bounded: no rescans of a long tail
      const quote = head[0] === '"' || head[0] === "'";
      policy.note(quote ? csstree.string.decode(head) : csstree.ident.decode(head));
    }
  });
}

/** Rewrites a value's URLs through the policy; false when the declaration must go altogether. */
function filterValue(value: csstree.CssNode, policy: ResourcePolicy): boolean {
  let ok = true;
  csstree.walk(value, {
    enter(node: csstree.CssNode, item: csstree.ListItem<csstree.CssNode>, list: csstree.List<csstree.CssNode>) {
      if (!ok) return csstree.walk.break;
      if (node.type === 'Raw') ok = false;
      else if (node.type === 'Url') {
        const kept = policy.resource(node.value);
        if (kept === null) list.replace(item, list.createItem({ type: 'Identifier', name: 'none' }));
        else node.value = kept;
      } else if (node.type === 'Function') {
        const name = nameOf(node.name);
        if (IMAGE_SETS.has(name) || name === 'url') {
          let blocked = false;
          node.children.forEach((child) => {
            if (child.type === 'String' || child.type === 'Url') {
              const kept = policy.resource(child.value);
              if (kept === null) blocked = true;
              else child.value = kept;
            } else if (child.type === 'Raw' || child.type === 'Function') blocked = true;
          });
          if (blocked) list.replace(item, list.createItem({ type: 'Identifier', name: 'none' }));
          return csstree.walk.skip;
        }
        if (!SAFE_FUNCTIONS.has(name)) ok = false;
      }
      return undefined;
    },
  });
  return ok;
}

function keepDeclaration(decl: csstree.Declaration, policy: ResourcePolicy): boolean {
  const property = nameOf(decl.property);
  if (property.startsWith('--') || DENIED_PROPERTIES.has(property)) return false;
  if (property === 'position') {
    let pinned = false;
    csstree.walk(decl.value, (n) => {
      if (n.type === 'Identifier' && PINNED.has(nameOf(n.name))) pinned = true;
    });
    if (pinned) return false;
  }
  return filterValue(decl.value, policy);
}

/** Filters a block's children in place: declarations, nested rules and at-rules. */
function filterBlock(list: csstree.List<csstree.CssNode>, policy: ResourcePolicy, depth: number): void {
  list.forEach((node, item) => {
    let keep: boolean;
    if (node.type === 'Declaration') keep = keepDeclaration(node, policy);
    else if (node.type === 'Rule') keep = filterRule(node, policy, depth + 1);
    else if (node.type === 'Atrule') keep = filterAtrule(node, policy, depth + 1);
    else keep = false;
    if (!keep) {
      noteUrls(node, policy);
      list.remove(item);
    }
  });
}

function filterRule(rule: csstree.Rule, policy: ResourcePolicy, depth: number): boolean {
  if (depth > MAX_NESTING || rule.prelude.type !== 'SelectorList') return false;
  let ok = true;
  csstree.walk(rule.prelude, (n) => {
    if (n.type === 'IdSelector') n.name = policy.idPrefix + n.name;
    else if (n.type === 'Raw') ok = false;
  });
  if (ok) filterBlock(rule.block.children, policy, depth);
  return ok;
}

function filterAtrule(rule: csstree.Atrule, policy: ResourcePolicy, depth: number): boolean {
  if (depth > MAX_NESTING || !BLOCK_AT_RULES.has(nameOf(rule.name)) || !rule.block) return false;
  filterBlock(rule.block.children, policy, depth);
  return true;
}

/** `<` never leaves the filter raw, so CSS can never close the `<style>` element it is written into. */
const generate = (ast: csstree.CssNode) => csstree.generate(ast).replaceAll('<', '\\3c ');

/** css-tree walks and generates recursively: CSS nested past the stack (`calc(` × 200,000) is dropped whole. */
function guarded(css: string, policy: ResourcePolicy, run: () => string): string {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    noteRawUrls(css, policy);
    return '';
  }
}

const parse = (css: string, context: 'stylesheet' | 'declarationList') => {
  try {
    return csstree.parse(css, { context, parseValue: true, parseCustomProperty: false, positions: false });
  } catch {
    return null; // css-tree is tolerant; if it ever gives up, the CSS goes
  }
};

/** The CSS of a `style` attribute, filtered; '' if nothing is left. Pure, linear in the input. */
export function filterStyleAttribute(css: string, policy: ResourcePolicy): string {
  return guarded(css, policy, () => {
    const ast = parse(css, 'declarationList');
    if (!ast || ast.type !== 'DeclarationList') return '';
    filterBlock(ast.children, policy, 0);
    return generate(ast);
  });
}

/** The text of a `<style>` element, filtered; '' if nothing is left. Pure, linear in the input. */
export function filterStylesheet(css: string, policy: ResourcePolicy): string {
  return guarded(css, policy, () => filterSheet(css, policy));
}

function filterSheet(css: string, policy: ResourcePolicy): string {
  const ast = parse(css, 'stylesheet');
  if (!ast || ast.type !== 'StyleSheet') return '';
  ast.children.forEach((node, item, list) => {
    const keep =
      node.type === 'Rule'
        ? filterRule(node, policy, 0)
        : node.type === 'Atrule'
          ? filterAtrule(node, policy, 0)
          : false;
    if (!keep) {
      noteUrls(node, policy);
      list.remove(item);
    }
  });
  return generate(ast);
}
