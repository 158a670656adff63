/** A copy of a typed array in a new one of `size` elements (the rest zero). */
export function grown<A extends Int32Array<ArrayBuffer> | Uint16Array<ArrayBuffer>>(a: A, size = 2 * a.length): A {
  const b = new (a.constructor as new (n: number) => A)(size);
  b.set(a);
  return b;
}
