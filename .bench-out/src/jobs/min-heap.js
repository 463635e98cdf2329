/** A binary min-heap: push and pop in O(log n), the smallest first by `less`. */
export class MinHeap {
    less;
    items = [];
    constructor(less) {
        this.less = less;
    }
    get size() {
        return this.items.length;
    }
    peek() {
        return this.items[0];
    }
    push(item) {
        const a = this.items;
        a.push(item);
        for (let i = a.length - 1; i > 0;) {
            const parent = (i - 1) >> 1;
            if (!this.less(a[i], a[parent]))
                break;
            [a[i], a[parent]] = [a[parent], a[i]];
            i = parent;
        }
    }
    pop() {
        const a = this.items;
        const top = a[0];
        const last = a.pop();
        if (a.length === 0 || last === undefined)
            return top;
        a[0] = last;
        for (let i = 0;;) {
            const l = 2 * i + 1;
            const r = l + 1;
            let m = i;
            if (l < a.length && this.less(a[l], a[m]))
                m = l;
            if (r < a.length && this.less(a[r], a[m]))
                m = r;
            if (m === i)
                break;
            [a[i], a[m]] = [a[m], a[i]];
            i = m;
        }
        return top;
    }
}
