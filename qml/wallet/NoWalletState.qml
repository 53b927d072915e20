import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Components

// What a wallet page shows while this data folder has no wallet: why, and the way to make one.
ColumnLayout {
    id: state
    property string text: qsTr("No wallet yet")
    property string hint: qsTr("Create a new wallet, restore one from recovery words, or watch addresses.")
    signal walletCreated()
    spacing: 14
    EmptyState {
        text: state.text
        hint: state.hint
        Layout.alignment: Qt.AlignHCenter
    }
    Button {
        text: qsTr("Create or restore a wallet")
        highlighted: true
        Layout.alignment: Qt.AlignHCenter
        onClicked: setupDialog.open()
    }
    WalletSetupDialog {
        id: setupDialog
        onDone: state.walletCreated()
    }
}
