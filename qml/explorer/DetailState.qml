import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Components

// What a detail view shows instead of its data: a spinner while loading, the error sentence, or
// "not found" in the view's own words.
ColumnLayout {
    id: state
    property var model: null           // a detail model (loading, error, found)
    property string notFoundText: ""
    property string notFoundHint: ""
    signal retry()
    visible: model !== null && !model.found
    spacing: Theme.spacing

    BusyIndicator {
        running: state.model !== null && state.model.loading
        visible: running
        Layout.alignment: Qt.AlignHCenter
        Accessible.name: qsTr("Loading")
    }
    Banner {
        visible: state.model !== null && !state.model.loading && state.model.error.length > 0
        kind: "error"
        text: state.model !== null ? state.model.error : ""
        actionText: qsTr("Try again")
        onActionTriggered: state.retry()
        Layout.fillWidth: true
    }
    EmptyState {
        visible: state.model !== null && !state.model.loading && state.model.error.length === 0
        text: state.notFoundText
        hint: state.notFoundHint
        Layout.alignment: Qt.AlignHCenter
        Layout.topMargin: 40
    }
}
