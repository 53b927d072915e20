import QtQuick
import QtQuick.Controls
import QtTest
import Cairn.Ui
import Cairn.Wallet
import "../../qml/wallet/SendMath.js" as SendMath

// The Send page's logic: base-unit arithmetic beyond 2^53, amount checks, and the form's validation
// as the user types (against FakeWallet: spendable 900 base units, fee estimate 1440).
Item {
    id: root
    width: 900
    height: 700

    SendPage { id: page; anchors.fill: parent }

    TestCase {
        name: "WalletSend"
        when: windowShown

        function find(item, name) {
            if (item.objectName === name) return item
            for (let i = 0; i < item.children.length; ++i) {
                const found = find(item.children[i], name)
                if (found) return found
            }
            return null
        }

        function test_math() {
            compare(SendMath.cmp("12345678901234567890", "12345678901234567891"), -1)
            compare(SendMath.cmp("900", "0900"), 0)
            compare(SendMath.cmp("1000", "999"), 1)
            compare(SendMath.add("18446744073709551000", "615"), "18446744073709551615")
            compare(SendMath.add("999", "1"), "1000")
            compare(SendMath.sub("12345678901234567890", "1440"), "12345678901234566450")
            compare(SendMath.sub("1000", "1"), "999")
            compare(SendMath.sub("900", "1440"), "0")  // never negative: "Max" of a too-small balance is 0
        }

        function test_amountProblem() {
            compare(SendMath.amountProblem("", { ok: false, error: "x" }, "900", "10"), "Enter an amount.")
            compare(SendMath.amountProblem("abc", { ok: false, error: "not a number" }, "900", "10"), "not a number")
            verify(SendMath.amountProblem("0", { ok: true, baseUnits: "0" }, "900", "10").indexOf("greater than zero") >= 0)
            compare(SendMath.amountProblem("1", { ok: true, baseUnits: "890" }, "900", "10"), "")
            verify(SendMath.amountProblem("1", { ok: true, baseUnits: "891" }, "900", "10").indexOf("fee") >= 0)
            compare(SendMath.amountProblem("1", { ok: true, baseUnits: "900" }, "900", ""), "")  // fee not known yet
            verify(SendMath.amountProblem("1", { ok: true, baseUnits: "901" }, "900", "") !== "")
        }

        function test_formValidatesAsTyped() {
            const recipient = find(page, "recipientField")
            const amount = find(page, "amountField")
            verify(recipient !== null && amount !== null)
            tryVerify(() => page.spendable === "900", 5000)
            tryVerify(() => recipient.visible, 5000)

            recipient.text = "tcairn1notanaddress"
            verify(page.recipientProblem !== "")
            recipient.text = Session.addressPrefix === "tcairn" ? "cairn1qqqq" : "tcairn1qqqq"
            verify(page.recipientProblem !== "")
            verify(!page.formValid)

            amount.text = "0"
            verify(page.amountProblem.indexOf("greater than zero") >= 0)
            amount.text = "1.2.3"
            verify(page.amountProblem !== "")
            // Once the fee is known (the fake estimates 1440), 0.00000001 plus the fee exceeds 900.
            tryVerify(() => page.spendable !== "" && !page.amountProblem.startsWith("Enter"), 5000)
            amount.text = "0.00000001"
            tryCompare(page, "amountProblem", "The amount and the fee together are more than this account can spend.", 5000)
            verify(!page.formValid)
        }
    }
}
