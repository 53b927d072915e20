import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Ui
import Cairn.Ui.Wallet
import Cairn.Components

// The wallet's first steps: create (passphrase, the recovery words once, confirm them), restore from
// recovery words, watch addresses only, or skip. Used by first run (in a Loader) and by BalanceCard's
// dialog; `finished()` says the user is done here (or skipped).
Item {
    id: setup
    signal finished()
    implicitWidth: 640
    implicitHeight: 560

    // Steps of the StackLayout below.
    readonly property int chooseStep: 0
    readonly property int passphraseStep: 1
    readonly property int wordsStep: 2
    readonly property int confirmStep: 3
    readonly property int restoreStep: 4
    readonly property int watchStep: 5
    readonly property int readyStep: 6
    property int step: chooseStep
    property string error: ""
    property var confirmPositions: []  // 1-based word positions to type back; empty: type every word

    function go(next) { error = ""; step = next }

    function pickPositions(count) {
        const chosen = []
        while (chosen.length < Math.min(4, count)) {
            const p = 1 + Math.floor(Math.random() * count)
            if (chosen.indexOf(p) < 0) chosen.push(p)
        }
        chosen.sort((a, b) => a - b)
        return chosen
    }

    WalletController {
        id: wallet
        property bool checked: false  // what the folder held when the setup opened, looked at once
        onLoadedChanged: {
            if (!loaded || checked) return
            checked = true
            // A wallet created earlier but never confirmed (the app was closed at the words): confirm it now.
            if (exists && !watchOnly && !confirmed) { setup.confirmPositions = []; setup.go(setup.confirmStep) }
            else if (exists) setup.go(setup.readyStep)
        }
        onOperationDone: (operation, ok, message) => {
            if (!ok) { setup.error = message; return }
            if (operation === "create") {
                newPass.text = ""; repeatPass.text = ""
                setup.go(setup.wordsStep)
            } else if (operation === "confirm" || operation === "restore" || operation === "watchOnly") {
                mnemonicArea.text = ""; bip39Field.text = ""; restorePass.text = ""; restoreRepeat.text = ""
                setup.finished()
            }
        }
    }

    Component.onDestruction: wallet.forgetMnemonic()

    StackLayout {
        anchors.fill: parent
        currentIndex: setup.step

        // ---- choose ----
        ColumnLayout {
            spacing: 14
            Label { text: qsTr("Set up your wallet"); font.pixelSize: 24; font.bold: true; color: Theme.text }
            Label {
                text: qsTr("The wallet holds the keys to your coins. It lives in the data folder, encrypted with a passphrase you choose.")
                wrapMode: Text.WordWrap; color: Theme.mutedText; Layout.fillWidth: true
            }
            Repeater {
                model: [
                    { title: qsTr("Create a new wallet"), detail: qsTr("New keys, with 24 recovery words to write down."), next: setup.passphraseStep },
                    { title: qsTr("Restore a wallet"), detail: qsTr("From recovery words you wrote down earlier."), next: setup.restoreStep },
                    { title: qsTr("Watch addresses only"), detail: qsTr("See balances and history without keys; this wallet cannot send."), next: setup.watchStep }
                ]
                delegate: ItemDelegate {
                    id: choice
                    required property var modelData
                    text: modelData.title  // not drawn (contentItem below): what tests and screen readers find
                    Layout.fillWidth: true
                    padding: 14
                    Accessible.name: modelData.title
                    background: Rectangle {
                        color: choice.hovered || choice.activeFocus ? Theme.accentLight : Theme.surface
                        border.color: Theme.border
                        radius: Theme.radius
                    }
                    contentItem: ColumnLayout {
                        spacing: 2
                        Label { text: choice.modelData.title; font.bold: true; font.pixelSize: Theme.headingSize; color: Theme.text }
                        Label { text: choice.modelData.detail; color: Theme.mutedText; wrapMode: Text.WordWrap; Layout.fillWidth: true }
                    }
                    onClicked: setup.go(choice.modelData.next)
                }
            }
            Item { Layout.fillHeight: true }
            Button {
                text: qsTr("Skip for now")
                flat: true
                Layout.alignment: Qt.AlignRight
                Accessible.name: qsTr("Skip wallet setup for now")
                onClicked: setup.finished()
            }
        }

        // ---- create: passphrase ----
        ColumnLayout {
            spacing: 10
            Label { text: qsTr("Choose a passphrase"); font.pixelSize: 22; font.bold: true; color: Theme.text }
            Label {
                text: qsTr("It encrypts the wallet on this computer and is asked for each time you send. Nobody can recover it for you; your recovery words restore the wallet if it is lost.")
                wrapMode: Text.WordWrap; color: Theme.mutedText; Layout.fillWidth: true
            }
            TextField {
                id: newPass
                objectName: "newPassphrase"
                echoMode: TextInput.Password
                placeholderText: qsTr("Passphrase")
                Accessible.name: qsTr("New passphrase")
                Layout.fillWidth: true
                Layout.topMargin: 6
                focus: setup.step === setup.passphraseStep
            }
            StrengthMeter {
                readonly property var s: wallet.passphraseStrength(newPass.text)
                score: s.score
                hint: s.hint
                empty: newPass.text.length === 0
                Layout.fillWidth: true
            }
            TextField {
                id: repeatPass
                objectName: "repeatPassphrase"
                echoMode: TextInput.Password
                placeholderText: qsTr("Repeat the passphrase")
                Accessible.name: qsTr("Repeat the passphrase")
                Layout.fillWidth: true
                onAccepted: createButton.clicked()
            }
            Label {
                visible: repeatPass.text.length > 0 && repeatPass.text !== newPass.text
                text: qsTr("The two passphrases differ.")
                color: Theme.bad
                font.pixelSize: Theme.smallSize
            }
            Banner { visible: setup.error.length > 0; kind: "error"; text: setup.error; Layout.fillWidth: true }
            Item { Layout.fillHeight: true }
            RowLayout {
                Layout.fillWidth: true
                Button { text: qsTr("Back"); onClicked: { newPass.text = ""; repeatPass.text = ""; setup.go(setup.chooseStep) } }
                Item { Layout.fillWidth: true }
                BusyIndicator { running: wallet.busy; visible: running; implicitHeight: 32; implicitWidth: 32 }
                Button {
                    id: createButton
                    text: qsTr("Create wallet")
                    highlighted: true
                    enabled: !wallet.busy && newPass.text.length >= 8 && newPass.text === repeatPass.text
                             && wallet.passphraseStrength(newPass.text).score >= 2
                    onClicked: if (enabled) { setup.error = ""; wallet.create(newPass.text, 24) }
                }
            }
            Label {
                visible: newPass.text.length > 0 && wallet.passphraseStrength(newPass.text).score < 2
                text: qsTr("Choose a stronger passphrase to continue.")
                color: Theme.mutedText
                font.pixelSize: Theme.smallSize
                Layout.alignment: Qt.AlignRight
            }
        }

        // ---- create: the words, once ----
        ColumnLayout {
            spacing: 10
            Label { text: qsTr("Write down your recovery words"); font.pixelSize: 22; font.bold: true; color: Theme.text }
            Banner {
                kind: "warn"
                text: qsTr("Write these words on paper, in order, and keep it somewhere safe. They are shown only this once. Anyone who has them can take your coins; without them a lost wallet cannot be restored.")
                Layout.fillWidth: true
            }
            GridLayout {
                columns: 4
                rowSpacing: 8
                columnSpacing: 8
                Layout.fillWidth: true
                Layout.topMargin: 6
                Repeater {
                    model: wallet.mnemonicWords
                    Rectangle {
                        id: cell
                        required property int index
                        required property string modelData
                        implicitHeight: 34
                        Layout.fillWidth: true
                        radius: 4
                        color: Theme.background
                        border.color: Theme.border
                        Accessible.role: Accessible.StaticText
                        Accessible.name: qsTr("Word %1: %2").arg(cell.index + 1).arg(cell.modelData)
                        Row {
                            anchors.verticalCenter: parent.verticalCenter
                            anchors.left: parent.left
                            anchors.leftMargin: 8
                            spacing: 6
                            Label { text: (cell.index + 1) + "."; color: Theme.mutedText; width: 22; horizontalAlignment: Text.AlignRight }
                            Label { objectName: "mnemonicWord" + cell.index; text: cell.modelData; font.family: Theme.monoFamily; font.bold: true; color: Theme.text; textFormat: Text.PlainText }
                        }
                    }
                }
            }
            CheckBox {
                id: wroteDown
                text: qsTr("I have written down all %1 words in order").arg(wallet.mnemonicWords.length)
                Accessible.name: text
            }
            Item { Layout.fillHeight: true }
            Button {
                text: qsTr("Continue")
                highlighted: true
                enabled: wroteDown.checked
                Layout.alignment: Qt.AlignRight
                onClicked: {
                    setup.confirmPositions = setup.pickPositions(wallet.mnemonicWords.length)
                    wroteDown.checked = false
                    setup.go(setup.confirmStep)
                }
            }
        }

        // ---- confirm ----
        ColumnLayout {
            spacing: 10
            Label { text: qsTr("Confirm your recovery words"); font.pixelSize: 22; font.bold: true; color: Theme.text }
            Label {
                text: setup.confirmPositions.length > 0
                      ? qsTr("Type the requested words from your paper, to make sure it is right. The wallet sends nothing until you have.")
                      : qsTr("This wallet's recovery words were never confirmed. Type all of them, in order, separated by spaces.")
                wrapMode: Text.WordWrap; color: Theme.mutedText; Layout.fillWidth: true
            }
            GridLayout {
                visible: setup.confirmPositions.length > 0
                columns: 2
                columnSpacing: 12
                rowSpacing: 8
                Layout.fillWidth: true
                Repeater {
                    id: confirmFields
                    model: setup.confirmPositions
                    delegate: RowLayout {
                        id: confirmRow
                        required property int modelData
                        property alias text: wordField.text
                        Layout.fillWidth: true
                        Label { text: qsTr("Word %1").arg(confirmRow.modelData); color: Theme.text; Layout.preferredWidth: 70 }
                        TextField {
                            id: wordField
                            objectName: "confirmWord" + confirmRow.modelData
                            Layout.fillWidth: true
                            inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhLowercaseOnly
                            Accessible.name: qsTr("Word number %1").arg(confirmRow.modelData)
                        }
                    }
                }
            }
            ScrollView {
                visible: setup.confirmPositions.length === 0
                Layout.fillWidth: true
                Layout.preferredHeight: 120
                TextArea {
                    id: allWords
                    wrapMode: TextEdit.Wrap
                    placeholderText: qsTr("word1 word2 word3 …")
                    Accessible.name: qsTr("All recovery words")
                    background: Rectangle { border.color: Theme.border; radius: 4 }
                }
            }
            Banner { visible: setup.error.length > 0; kind: "error"; text: setup.error; Layout.fillWidth: true }
            Item { Layout.fillHeight: true }
            RowLayout {
                Layout.fillWidth: true
                Button {
                    visible: wallet.mnemonicWords.length > 0
                    text: qsTr("Show the words again")
                    onClicked: setup.go(setup.wordsStep)
                }
                Item { Layout.fillWidth: true }
                BusyIndicator { running: wallet.busy; visible: running; implicitHeight: 32; implicitWidth: 32 }
                Button {
                    text: qsTr("Confirm")
                    highlighted: true
                    enabled: !wallet.busy
                    onClicked: {
                        setup.error = ""
                        if (setup.confirmPositions.length > 0) {
                            const words = []
                            for (let i = 0; i < confirmFields.count; ++i) words.push(confirmFields.itemAt(i).text)
                            wallet.confirmSelectedWords(setup.confirmPositions, words)
                        } else {
                            wallet.confirmMnemonic(allWords.text)
                            allWords.text = ""
                        }
                    }
                }
            }
        }

        // ---- restore ----
        ColumnLayout {
            spacing: 8
            Label { text: qsTr("Restore a wallet"); font.pixelSize: 22; font.bold: true; color: Theme.text }
            Label { text: qsTr("Recovery words"); font.bold: true; color: Theme.text }
            ScrollView {
                Layout.fillWidth: true
                Layout.preferredHeight: 90
                TextArea {
                    id: mnemonicArea
                    wrapMode: TextEdit.Wrap
                    placeholderText: qsTr("The 12 to 24 words, separated by spaces")
                    Accessible.name: qsTr("Recovery words")
                    background: Rectangle { border.color: Theme.border; radius: 4 }
                }
            }
            Label {
                readonly property string problem: wallet.validateMnemonic(mnemonicArea.text)
                visible: mnemonicArea.text.trim().length > 0 && problem.length > 0
                text: problem
                color: Theme.bad
                font.pixelSize: Theme.smallSize
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            TextField {
                id: bip39Field
                echoMode: TextInput.Password
                placeholderText: qsTr("BIP-39 passphrase (optional: only if you set one)")
                Accessible.name: qsTr("BIP-39 passphrase, optional")
                Layout.fillWidth: true
            }
            Label { text: qsTr("New passphrase for this computer"); font.bold: true; color: Theme.text; Layout.topMargin: 6 }
            TextField {
                id: restorePass
                echoMode: TextInput.Password
                placeholderText: qsTr("Passphrase")
                Accessible.name: qsTr("New passphrase")
                Layout.fillWidth: true
            }
            StrengthMeter {
                readonly property var s: wallet.passphraseStrength(restorePass.text)
                score: s.score; hint: s.hint; empty: restorePass.text.length === 0
                Layout.fillWidth: true
            }
            TextField {
                id: restoreRepeat
                echoMode: TextInput.Password
                placeholderText: qsTr("Repeat the passphrase")
                Accessible.name: qsTr("Repeat the passphrase")
                Layout.fillWidth: true
            }
            Banner { visible: setup.error.length > 0; kind: "error"; text: setup.error; Layout.fillWidth: true }
            Item { Layout.fillHeight: true }
            RowLayout {
                Layout.fillWidth: true
                Button { text: qsTr("Back"); onClicked: setup.go(setup.chooseStep) }
                Item { Layout.fillWidth: true }
                BusyIndicator { running: wallet.busy; visible: running; implicitHeight: 32; implicitWidth: 32 }
                Button {
                    text: qsTr("Restore")
                    highlighted: true
                    enabled: !wallet.busy && wallet.validateMnemonic(mnemonicArea.text).length === 0
                             && restorePass.text.length >= 8 && restorePass.text === restoreRepeat.text
                             && wallet.passphraseStrength(restorePass.text).score >= 2
                    onClicked: { setup.error = ""; wallet.restore(mnemonicArea.text, bip39Field.text, restorePass.text) }
                }
            }
        }

        // ---- watch-only ----
        ColumnLayout {
            spacing: 8
            Label { text: qsTr("Watch addresses"); font.pixelSize: 22; font.bold: true; color: Theme.text }
            Label {
                text: qsTr("Enter the addresses to follow, one per line. You will see their balances and history, but this wallet cannot send.")
                wrapMode: Text.WordWrap; color: Theme.mutedText; Layout.fillWidth: true
            }
            ScrollView {
                Layout.fillWidth: true
                Layout.fillHeight: true
                TextArea {
                    id: watchArea
                    wrapMode: TextEdit.NoWrap
                    font.family: Theme.monoFamily
                    placeholderText: Session.addressPrefix + "1…"
                    Accessible.name: qsTr("Addresses to watch, one per line")
                    background: Rectangle { border.color: Theme.border; radius: 4 }
                }
            }
            Label {
                id: watchProblem
                readonly property string problem: wallet.validateAddressList(watchArea.text)
                visible: watchArea.text.trim().length > 0 && problem.length > 0
                text: problem
                color: Theme.bad
                font.pixelSize: Theme.smallSize
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Banner { visible: setup.error.length > 0; kind: "error"; text: setup.error; Layout.fillWidth: true }
            RowLayout {
                Layout.fillWidth: true
                Button { text: qsTr("Back"); onClicked: setup.go(setup.chooseStep) }
                Item { Layout.fillWidth: true }
                BusyIndicator { running: wallet.busy; visible: running; implicitHeight: 32; implicitWidth: 32 }
                Button {
                    text: qsTr("Watch these addresses")
                    highlighted: true
                    enabled: !wallet.busy && watchProblem.problem.length === 0
                    onClicked: { setup.error = ""; wallet.createWatchOnly(watchArea.text.split("\n")) }
                }
            }
        }

        // ---- a wallet exists already ----
        ColumnLayout {
            spacing: 12
            Item { Layout.fillHeight: true }
            Label {
                text: qsTr("Your wallet is ready")
                font.pixelSize: 22; font.bold: true; color: Theme.text
                Layout.alignment: Qt.AlignHCenter
            }
            Label {
                text: wallet.watchOnly ? qsTr("This data folder has a watch-only wallet.")
                                       : qsTr("This data folder already has a wallet with %n account(s).", "", wallet.accounts.length)
                color: Theme.mutedText
                Layout.alignment: Qt.AlignHCenter
            }
            Button {
                text: qsTr("Continue")
                highlighted: true
                Layout.alignment: Qt.AlignHCenter
                onClicked: setup.finished()
            }
            Item { Layout.fillHeight: true }
        }
    }
}
