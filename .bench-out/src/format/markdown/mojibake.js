import { isUtf8 } from "node:buffer";
// Text that was UTF-8 once, decoded as a single-byte encoding (Mac Roman, Windows-1252) and saved
// again: "Chu·∫©n b·ªã" for "Chuẩn bị". Encoding each character back to its byte and decoding the
// bytes as UTF-8 gives the text back. A line is changed only when every character maps to a byte and
// the bytes are valid UTF-8 that is shorter: genuine accented text almost never forms valid UTF-8
// multi-byte sequences by chance.
const MAC_ROMAN_HIGH = "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»… ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uF8FFÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";
const CP1252_80_9F = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
function table(high, latin1Tail) {
    const map = new Map();
    [...high].forEach((ch, i) => map.set(ch, 0x80 + i));
    if (latin1Tail)
        for (let b = 0xa0; b <= 0xff; b++)
            map.set(String.fromCharCode(b), b);
    return map;
}
/** Lines made only of ASCII and characters that `bytes` maps: the only ones worth re-encoding. */
function mappable(bytes) {
    const chars = [...bytes.keys()].map((ch) => ch.replace(/[\\\]^-]/, "\\$&")).join("");
    return new RegExp(`^[\\u0000-\\u007f${chars}]*$`, "u");
}
const ENCODINGS = [
    { name: "Mac Roman", bytes: table(MAC_ROMAN_HIGH, false) },
    { name: "Windows-1252", bytes: table(CP1252_80_9F, true) },
].map((e) => ({ ...e, only: mappable(e.bytes) }));
const utf8 = new TextDecoder("utf-8");
function redecode(line, bytes) {
    const out = new Uint8Array(line.length * 2);
    let n = 0;
    let high = false;
    for (const ch of line) {
        const code = ch.codePointAt(0) ?? 0;
        if (code < 0x80) {
            out[n++] = code;
            continue;
        }
        const b = bytes.get(ch);
        if (b === undefined)
            return undefined;
        out[n++] = b;
        high = true;
    }
    const encoded = out.subarray(0, n);
    // Checked before decoding: most lines are not UTF-8, and a decoder that throws on them is slow.
    if (!high || !isUtf8(encoded))
        return undefined;
    const text = utf8.decode(encoded);
    return text.length < line.length ? text : undefined;
}
/** The text with mis-decoded lines repaired, which encoding was undone, and how many lines changed. */
export function repairMojibake(text) {
    // eslint-disable-next-line no-control-regex
    if (!/[^\u0000-\u007f]/.test(text))
        return { text, lines: 0 };
    let best = { text, lines: 0 };
    for (const enc of ENCODINGS) {
        let changed = 0;
        const lines = text.split("\n").map((line) => {
            // eslint-disable-next-line no-control-regex
            if (!/[^\u0000-\u007f]/.test(line) || !enc.only.test(line))
                return line;
            const fixed = redecode(line, enc.bytes);
            if (fixed === undefined)
                return line;
            changed++;
            return fixed;
        });
        if (changed > best.lines)
            best = { text: lines.join("\n"), encoding: enc.name, lines: changed };
    }
    return best;
}
