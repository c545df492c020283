// A small, safe reader for the one pickle pygama's FileDB files hold (flow-spec.md §1.11): a numpy object
// array of str, int, float, bool, None and lists, pickle protocol 2–5. It interprets data opcodes only;
// the three numpy globals it allows build plain descriptions, so nothing from the file is ever executed.

export type PyValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | PyValue[]
  | PyTuple
  | PyDict
  | NumpyDtype
  | NumpyArray
  | PyGlobal;

export interface PyTuple {
  kind: "tuple";
  items: PyValue[];
}

export interface PyDict {
  kind: "dict";
  entries: Array<[PyValue, PyValue]>;
}

export interface NumpyDtype {
  kind: "dtype";
  /** `O8`, `i8`, `f8`, … as given to numpy.dtype(). */
  name: string;
  byteOrder: string;
}

export interface NumpyArray {
  kind: "ndarray";
  shape: number[];
  dtype: NumpyDtype | null;
  fortran: boolean;
  /** Elements in C (row-major) order: numpy pickles object arrays as a C-order list even when `fortran`. */
  items: PyValue[];
}

/** One of the allowed numpy globals, as a name only (it is never called). */
export interface PyGlobal {
  kind: "callable";
  name: "reconstruct" | "ndarray" | "dtype";
}
type Callable = PyGlobal;

type StackItem = PyValue | typeof MARK;

const MARK = Symbol("mark");

export class PickleError extends Error {
  override name = "PickleError";
}

const ALLOWED_GLOBALS = new Map<string, Callable["name"]>([
  ["numpy.core.multiarray._reconstruct", "reconstruct"],
  ["numpy._core.multiarray._reconstruct", "reconstruct"],
  ["numpy.ndarray", "ndarray"],
  ["numpy.dtype", "dtype"],
]);

const decoder = new TextDecoder("utf-8", { fatal: true });
const latin1 = new TextDecoder("latin1");

/** Decodes a pickle; throws PickleError naming the opcode and byte offset of anything it will not do. */
export function readPickle(bytes: Uint8Array): PyValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const memo = new Map<number, StackItem>();
  let pos = 0;
  const fail = (what: string, at = pos): never => {
    throw new PickleError(`pickle: ${what} at byte ${at}`);
  };
  const need = (n: number): number => {
    if (pos + n > bytes.length) fail(`truncated data (${n} bytes wanted)`);
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = (): number => view.getUint8(need(1));
  const u16 = (): number => view.getUint16(need(2), true);
  const u32 = (): number => view.getUint32(need(4), true);
  const u64 = (): number => {
    const big = view.getBigUint64(need(8), true);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) fail("length too large");
    return Number(big);
  };
  const take = (n: number): Uint8Array => bytes.subarray(need(n), pos);
  const text = (n: number): string => {
    try {
      return decoder.decode(take(n));
    } catch {
      return fail("invalid UTF-8 text");
    }
  };
  const pop = (): StackItem => {
    if (stack.length === 0) fail("stack underflow");
    return stack.pop() as StackItem;
  };
  const popMark = (): StackItem[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail("no MARK on the stack");
    const items = stack.splice(at);
    items.shift();
    return items;
  };
  const top = (): StackItem => {
    if (stack.length === 0) fail("stack underflow");
    return stack[stack.length - 1] as StackItem;
  };
  const value = (item: StackItem): PyValue => {
    if (item === MARK) fail("a MARK used as a value");
    return item as PyValue;
  };

  for (;;) {
    const opAt = pos;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail("protocol above 5", opAt);
        break;
      case 0x95: // FRAME
        need(8);
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) fail(`${stack.length} items left on the stack at STOP`, opAt);
        return value(pop());
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const key = op === 0x68 ? u8() : u32();
        if (!memo.has(key)) fail(`memo ${key} unset`, opAt);
        stack.push(memo.get(key) as StackItem);
        break;
      }
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(need(4), true));
        break;
      case 0x8a: {
        // LONG1: little-endian two's complement
        const n = u8();
        stack.push(longValue(take(n), fail));
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text(u64()));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x55: // SHORT_BINSTRING (protocol ≤2 str, latin-1 as Python 3 reads it)
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark().map(value));
        break;
      case 0x61: {
        // APPEND
        const item = value(pop());
        asList(top(), fail).push(item);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark().map(value);
        asList(top(), fail).push(...items);
        break;
      }
      case 0x29: // EMPTY_TUPLE
        stack.push({ kind: "tuple", items: [] });
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const n = op - 0x84;
        const items: PyValue[] = [];
        for (let i = 0; i < n; i++) items.unshift(value(pop()));
        stack.push({ kind: "tuple", items });
        break;
      }
      case 0x74: // TUPLE
        stack.push({ kind: "tuple", items: popMark().map(value) });
        break;
      case 0x7d: // EMPTY_DICT
        stack.push({ kind: "dict", entries: [] });
        break;
      case 0x73: {
        // SETITEM
        const v = value(pop());
        const k = value(pop());
        asDict(top(), fail).entries.push([k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark().map(value);
        const dict = asDict(top(), fail);
        for (let i = 0; i + 1 < items.length; i += 2)
          dict.entries.push([items[i] as PyValue, items[i + 1] as PyValue]);
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string")
          fail("STACK_GLOBAL without two names", opAt);
        stack.push(globalRef(`${module as string}.${name as string}`, fail, opAt));
        break;
      }
      case 0x63: {
        // GLOBAL: "module\nname\n"
        const module = readLine(bytes, need, () => pos);
        const name = readLine(bytes, need, () => pos);
        stack.push(globalRef(`${module}.${name}`, fail, opAt));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const callable = pop();
        stack.push(reduce(callable, args, fail, opAt));
        break;
      }
      case 0x62: {
        // BUILD
        const state = value(pop());
        build(top(), state, fail, opAt);
        break;
      }
      default:
        fail(`opcode 0x${op.toString(16).padStart(2, "0")} is not supported`, opAt);
    }
  }
}

function isObject(item: unknown): item is { kind: string } {
  return typeof item === "object" && item !== null && !Array.isArray(item) && !(item instanceof Uint8Array);
}

function asList(item: StackItem, fail: (what: string) => never): PyValue[] {
  if (!Array.isArray(item)) fail("APPEND to something that is not a list");
  return item;
}

function asDict(item: StackItem, fail: (what: string) => never): PyDict {
  if (!isObject(item) || item.kind !== "dict") fail("SETITEM on something that is not a dict");
  return item;
}

function readLine(bytes: Uint8Array, need: (n: number) => number, at: () => number): string {
  const start = at();
  const end = bytes.indexOf(0x0a, start);
  if (end < 0) throw new PickleError(`pickle: unterminated GLOBAL at byte ${start}`);
  need(end - start + 1);
  return new TextDecoder("latin1").decode(bytes.subarray(start, end));
}

function longValue(data: Uint8Array, fail: (what: string) => never): number {
  if (data.length === 0) return 0;
  let big = 0n;
  for (let i = data.length - 1; i >= 0; i--) big = (big << 8n) | BigInt(data[i] as number);
  if ((data[data.length - 1] as number) & 0x80) big -= 1n << BigInt(8 * data.length);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER))
    fail("integer beyond 2^53");
  return Number(big);
}

function globalRef(name: string, fail: (what: string, at?: number) => never, at: number): Callable {
  const known = ALLOWED_GLOBALS.get(name);
  if (known === undefined) return fail(`global '${name}' is not allowed (only numpy arrays are read)`, at);
  return { kind: "callable", name: known };
}

function tupleItems(args: StackItem, fail: (what: string, at?: number) => never, at: number): PyValue[] {
  if (!isObject(args) || args.kind !== "tuple") return fail("REDUCE arguments are not a tuple", at);
  return args.items;
}

function reduce(
  callable: StackItem,
  args: StackItem,
  fail: (what: string, at?: number) => never,
  at: number,
): PyValue {
  if (!isObject(callable) || callable.kind !== "callable")
    return fail("REDUCE of something that is not a callable", at);
  const items = tupleItems(args, fail, at);
  switch (callable.name) {
    case "reconstruct":
      return { kind: "ndarray", shape: [0], dtype: null, fortran: false, items: [] };
    case "dtype": {
      const name = items[0];
      if (typeof name !== "string") return fail("numpy.dtype() without a type name", at);
      return { kind: "dtype", name, byteOrder: "|" };
    }
    default:
      return fail("numpy.ndarray may only be passed to _reconstruct", at);
  }
}

function build(
  target: StackItem,
  state: PyValue,
  fail: (what: string, at?: number) => never,
  at: number,
): void {
  if (!isObject(target) || !isObject(state) || state.kind !== "tuple") {
    fail("BUILD with an unexpected target or state", at);
    return;
  }
  const items = state.items;
  if (target.kind === "dtype") {
    const order = items[1];
    if (typeof order === "string") target.byteOrder = order;
    return;
  }
  if (target.kind !== "ndarray") {
    fail(`BUILD on a ${target.kind}`, at);
    return;
  }
  // ndarray.__setstate__((version, shape, dtype, is_fortran, data))
  const [, shape, dtype, fortran, data] = items;
  const array = target;
  if (!isObject(shape) || shape.kind !== "tuple") return fail("ndarray state without a shape", at);
  array.shape = shape.items.map((n) => (typeof n === "number" ? n : fail("non-integer ndarray shape", at)));
  array.dtype = isObject(dtype) && dtype.kind === "dtype" ? dtype : null;
  array.fortran = fortran === true;
  if (array.dtype?.name.startsWith("O") !== true || !Array.isArray(data)) {
    return fail(`only object arrays are read (dtype ${array.dtype?.name ?? "?"})`, at);
  }
  const expected = array.shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected)
    return fail(`ndarray of shape (${array.shape.join(", ")}) holds ${data.length} items`, at);
  array.items = data;
}

/** Element [i][j] of a 2-d object array (its item list is in C order whatever `fortran` says). */
export function arrayAt(array: NumpyArray, i: number, j: number): PyValue {
  const cols = array.shape[1] ?? 0;
  return array.items[i * cols + j] as PyValue;
}
