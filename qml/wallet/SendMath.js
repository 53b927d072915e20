.pragma library

// Arithmetic on base-unit amounts as decimal strings: they exceed 2^53, where a JS number loses units.

function normalize(a) {
    const s = String(a).replace(/^0+/, "")
    return s.length === 0 ? "0" : s
}

// -1, 0 or 1.
function cmp(a, b) {
    a = normalize(a); b = normalize(b)
    if (a.length !== b.length) return a.length < b.length ? -1 : 1
    return a === b ? 0 : (a < b ? -1 : 1)
}

function add(a, b) {
    a = normalize(a); b = normalize(b)
    let out = "", carry = 0
    for (let i = a.length - 1, j = b.length - 1; i >= 0 || j >= 0 || carry; --i, --j) {
        const d = (i >= 0 ? a.charCodeAt(i) - 48 : 0) + (j >= 0 ? b.charCodeAt(j) - 48 : 0) + carry
        out = String(d % 10) + out
        carry = d >= 10 ? 1 : 0
    }
    return normalize(out)
}

// a - b, or "0" when b >= a.
function sub(a, b) {
    a = normalize(a); b = normalize(b)
    if (cmp(a, b) <= 0) return "0"
    let out = "", borrow = 0
    for (let i = a.length - 1, j = b.length - 1; i >= 0; --i, --j) {
        let d = (a.charCodeAt(i) - 48) - (j >= 0 ? b.charCodeAt(j) - 48 : 0) - borrow
        borrow = d < 0 ? 1 : 0
        if (d < 0) d += 10
        out = String(d) + out
    }
    return normalize(out)
}

// What is wrong with an amount: `parsed` is Units.parse(text) ({ok, baseUnits, error}); spendable and
// fee in base units ("" when unknown). "" when it can be sent.
function amountProblem(text, parsed, spendable, fee) {
    if (String(text).trim().length === 0) return qsTr("Enter an amount.")
    if (!parsed.ok) return parsed.error
    if (cmp(parsed.baseUnits, "0") === 0) return qsTr("Enter an amount greater than zero.")
    if (spendable !== "" && cmp(add(parsed.baseUnits, fee === "" ? "0" : fee), spendable) > 0)
        return fee === "" ? qsTr("More than this account can spend.")
                          : qsTr("The amount and the fee together are more than this account can spend.")
    return ""
}
