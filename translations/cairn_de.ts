<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AccountView</name>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="28"/>
        <source>Nothing to show for this address</source>
        <translation>Zu dieser Adresse gibt es nichts anzuzeigen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="35"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="37"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="40"/>
        <source>This address has no activity on the chain yet.</source>
        <translation>Diese Adresse hat noch keine Aktivität auf der Chain.</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="43"/>
        <source>Balance</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="44"/>
        <source>Bonded</source>
        <translation>Gebunden</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="45"/>
        <location filename="../qml/explorer/AccountView.qml" line="77"/>
        <source>Unbonding</source>
        <translation>Wird freigegeben</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="46"/>
        <source>Claimable rewards</source>
        <translation>Abrufbare Belohnungen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="47"/>
        <source>Next nonce</source>
        <translation>Nächste Nonce</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="50"/>
        <source>Validator</source>
        <translation>Validator</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="51"/>
        <source>Operates validator #%1</source>
        <translation>Betreibt Validator #%1</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="60"/>
        <source>Delegations</source>
        <translation>Delegationen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="66"/>
        <source>Validator #%1</source>
        <translation>Validator #%1</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="67"/>
        <source>%1 staked, %2 rewards</source>
        <translation>%1 gestakt, %2 Belohnungen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="78"/>
        <source>%1 from validator #%2, until slot %3</source>
        <translation>%1 von Validator #%2, bis Slot %3</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="87"/>
        <source>Transactions</source>
        <translation>Transaktionen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="91"/>
        <source>No transactions sent by or naming this address.</source>
        <translation>Keine Transaktionen, die von dieser Adresse gesendet wurden oder sie nennen.</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="108"/>
        <source>Transactions of the account</source>
        <translation>Transaktionen des Kontos</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="119"/>
        <source>Out</source>
        <translation>Ausg.</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="119"/>
        <source>In</source>
        <translation>Eing.</translation>
    </message>
    <message>
        <location filename="../qml/explorer/AccountView.qml" line="139"/>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
</context>
<context>
    <name>BalanceCard</name>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="12"/>
        <source>Wallet</source>
        <translation>Wallet</translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="32"/>
        <source>Spendable</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="35"/>
        <source>Watch-only</source>
        <translation>Nur Beobachtung</translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="35"/>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="47"/>
        <source>Spendable balance %1</source>
        <translation>Verfügbares Guthaben %1</translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="52"/>
        <source>Confirm your recovery words to start sending.</source>
        <translation>Bestätigen Sie Ihre Wiederherstellungswörter, um senden zu können.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="53"/>
        <source>Confirm now</source>
        <translation>Jetzt bestätigen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="60"/>
        <source>%1 on its way out in pending transactions</source>
        <translation>%1 in ausstehenden Transaktionen unterwegs</translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="71"/>
        <source>Bonded</source>
        <translation>Gebunden</translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="72"/>
        <source>Unbonding</source>
        <translation>Wird freigegeben</translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="73"/>
        <source>Rewards</source>
        <translation>Belohnungen</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/wallet/BalanceCard.qml" line="93"/>
        <source>Across %n account(s)</source>
        <translation>
            <numerusform>Verteilt auf %n Konto</numerusform>
            <numerusform>Verteilt auf %n Konten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="99"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../qml/wallet/BalanceCard.qml" line="100"/>
        <source>Receive</source>
        <translation>Empfangen</translation>
    </message>
</context>
<context>
    <name>Banners</name>
    <message>
        <location filename="../qml/shell/Banners.qml" line="32"/>
        <source>The node stopped producing blocks and votes: %1. Details are in %2.</source>
        <translation>Der Knoten erzeugt keine Blöcke und Stimmen mehr: %1. Einzelheiten stehen in %2.</translation>
    </message>
    <message>
        <location filename="../qml/shell/Banners.qml" line="33"/>
        <source>a local fault</source>
        <translation>ein lokaler Fehler</translation>
    </message>
    <message>
        <location filename="../qml/shell/Banners.qml" line="43"/>
        <source>Your computer&apos;s clock is %1 s behind the chain. Set the clock right (turn on automatic time) or your node may miss its slots.</source>
        <translation>Die Uhr Ihres Computers geht %1 s hinter der Chain nach. Stellen Sie die Uhr richtig (automatische Zeit einschalten), sonst verpasst Ihr Knoten womöglich seine Slots.</translation>
    </message>
    <message>
        <location filename="../qml/shell/Banners.qml" line="53"/>
        <source>Offline: no peers are connected, so the chain shown may be out of date.</source>
        <translation>Offline: Keine Peers verbunden, die angezeigte Chain ist womöglich veraltet.</translation>
    </message>
    <message>
        <location filename="../qml/shell/Banners.qml" line="63"/>
        <source>Balances and history may be incomplete until then.</source>
        <translation>Bis dahin können Guthaben und Verlauf unvollständig sein.</translation>
    </message>
    <message>
        <location filename="../qml/shell/Banners.qml" line="72"/>
        <source>The RPC server did not start: %1. The app works without it; change the port in Settings.</source>
        <translation>Der RPC-Server wurde nicht gestartet: %1. Die App funktioniert auch ohne ihn; ändern Sie den Port in den Einstellungen.</translation>
    </message>
    <message>
        <location filename="../qml/shell/Banners.qml" line="73"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../qml/shell/Banners.qml" line="83"/>
        <source>The wallet is locked. Unlock it to send or stake.</source>
        <translation>Die Wallet ist gesperrt. Entsperren Sie sie, um zu senden oder zu staken.</translation>
    </message>
    <message>
        <location filename="../qml/shell/Banners.qml" line="84"/>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
</context>
<context>
    <name>BlockListView</name>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="12"/>
        <location filename="../qml/explorer/BlockListView.qml" line="93"/>
        <source>Latest blocks</source>
        <translation>Neueste Blöcke</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="22"/>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="23"/>
        <source>%1 min ago</source>
        <translation>vor %1 min</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="24"/>
        <source>%1 h ago</source>
        <translation>vor %1 h</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="47"/>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="60"/>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="61"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="62"/>
        <source>Block id</source>
        <translation>Block-ID</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="63"/>
        <source>Proposer</source>
        <translation>Ersteller</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="64"/>
        <source>Txs</source>
        <translation>Tx</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="65"/>
        <source>Finality</source>
        <translation>Finalität</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="120"/>
        <source>Block %1, %2 transactions, %3</source>
        <translation>Block %1, %2 Transaktionen, %3</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="155"/>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="171"/>
        <source>finalized</source>
        <translation>finalisiert</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="172"/>
        <source>justified</source>
        <translation>gerechtfertigt</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="172"/>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="192"/>
        <source>The start of the chain</source>
        <translation>Der Anfang der Chain</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/explorer/BlockListView.qml" line="208"/>
        <source>↑ %n new block(s)</source>
        <translation>
            <numerusform>↑ %n neuer Block</numerusform>
            <numerusform>↑ %n neue Blöcke</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="220"/>
        <source>Loading blocks</source>
        <translation>Blöcke werden geladen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="225"/>
        <source>No blocks yet</source>
        <translation>Noch keine Blöcke</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockListView.qml" line="226"/>
        <source>Blocks appear here as the node receives them.</source>
        <translation>Blöcke erscheinen hier, sobald der Knoten sie empfängt.</translation>
    </message>
</context>
<context>
    <name>BlockView</name>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="29"/>
        <source>No block matches %1</source>
        <translation>Kein Block passt zu %1</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="30"/>
        <source>The chain may not have reached this height yet.</source>
        <translation>Die Chain hat diese Höhe womöglich noch nicht erreicht.</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="37"/>
        <source>Block #%1</source>
        <translation>Block #%1</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="42"/>
        <source>finalized</source>
        <translation>finalisiert</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="43"/>
        <source>justified</source>
        <translation>gerechtfertigt</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="43"/>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="48"/>
        <source>not canonical</source>
        <translation>nicht kanonisch</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="52"/>
        <source>Block id</source>
        <translation>Block-ID</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="54"/>
        <source>Parent</source>
        <translation>Vorgänger</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="55"/>
        <source>None (genesis)</source>
        <translation>Keiner (Genesis)</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="61"/>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="62"/>
        <source>Slot</source>
        <translation>Slot</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="63"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="65"/>
        <source>Proposer</source>
        <translation>Ersteller</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="66"/>
        <source>Validator #%1</source>
        <translation>Validator #%1</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="71"/>
        <source>State root</source>
        <translation>Zustandswurzel</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="72"/>
        <source>Transaction root</source>
        <translation>Transaktionswurzel</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="73"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="73"/>
        <source>%L1 bytes</source>
        <translation>%L1 Bytes</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="78"/>
        <source>Transactions (%1)</source>
        <translation>Transaktionen (%1)</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="82"/>
        <source>This block holds no transactions.</source>
        <translation>Dieser Block enthält keine Transaktionen.</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="92"/>
        <source>Transactions of the block</source>
        <translation>Transaktionen des Blocks</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="128"/>
        <source>Votes and evidence</source>
        <translation>Stimmen und Beweise</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/explorer/BlockView.qml" line="132"/>
        <source>%n vote(s) for earlier slots</source>
        <translation>
            <numerusform>%n Stimme für frühere Slots</numerusform>
            <numerusform>%n Stimmen für frühere Slots</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="143"/>
        <source>#%1 · slot %2</source>
        <translation>#%1 · Slot %2</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="145"/>
        <source>Vote of validator %1 for slot %2</source>
        <translation>Stimme von Validator %1 für Slot %2</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="154"/>
        <source>Evidence</source>
        <translation>Beweis</translation>
    </message>
    <message>
        <location filename="../qml/explorer/BlockView.qml" line="155"/>
        <source>%1 by validator #%2</source>
        <translation>%1 von Validator #%2</translation>
    </message>
</context>
<context>
    <name>ConsolePage</name>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="20"/>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="21"/>
        <source>The node&apos;s RPC methods, run inside the app.</source>
        <translation>Die RPC-Methoden des Knotens, direkt in der App ausgeführt.</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="24"/>
        <source>Copy all</source>
        <translation>Alles kopieren</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="27"/>
        <source>Copy the whole transcript</source>
        <translation>Das ganze Protokoll kopieren</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="30"/>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="32"/>
        <source>Clear the transcript</source>
        <translation>Das Protokoll leeren</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="78"/>
        <source>%1 (hidden):</source>
        <translation>%1 (verborgen):</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="84"/>
        <source>Secret parameter %1</source>
        <translation>Geheimer Parameter %1</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="88"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="89"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="102"/>
        <source>e.g. chain.head, or help</source>
        <translation>z. B. chain.head oder help</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="102"/>
        <source>The node is not running.</source>
        <translation>Der Knoten läuft nicht.</translation>
    </message>
    <message>
        <location filename="../qml/shell/ConsolePage.qml" line="104"/>
        <source>Console command</source>
        <translation>Konsolenbefehl</translation>
    </message>
</context>
<context>
    <name>CopyButton</name>
    <message>
        <location filename="../qml/components/CopyButton.qml" line="12"/>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <location filename="../qml/components/CopyButton.qml" line="12"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../qml/components/CopyButton.qml" line="17"/>
        <location filename="../qml/components/CopyButton.qml" line="19"/>
        <source>Copy to clipboard</source>
        <translation>In die Zwischenablage kopieren</translation>
    </message>
</context>
<context>
    <name>DetailState</name>
    <message>
        <location filename="../qml/explorer/DetailState.qml" line="21"/>
        <source>Loading</source>
        <translation>Wird geladen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/DetailState.qml" line="27"/>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
</context>
<context>
    <name>Explorer</name>
    <message>
        <location filename="../ui/explorer/explorer_search.cpp" line="71"/>
        <source>There is no block at height %1 yet; the chain is at height %2.</source>
        <translation>Auf Höhe %1 gibt es noch keinen Block; die Chain steht bei Höhe %2.</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_search.cpp" line="85"/>
        <source>No block or transaction has the id %1.</source>
        <translation>Weder ein Block noch eine Transaktion hat die ID %1.</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="30"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="31"/>
        <source>Parameter change</source>
        <translation>Parameteränderung</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="32"/>
        <source>Treasury spend</source>
        <translation>Ausgabe aus der Schatzkammer</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="33"/>
        <source>Upgrade signal</source>
        <translation>Upgrade-Signal</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="41"/>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="43"/>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="45"/>
        <source>Abstain</source>
        <translation>Enthaltung</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="47"/>
        <source>No with veto</source>
        <translation>Nein mit Veto</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="73"/>
        <source>Transfer</source>
        <translation>Überweisung</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="75"/>
        <source>Register validator</source>
        <translation>Validator registrieren</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="77"/>
        <source>Edit validator</source>
        <translation>Validator bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="79"/>
        <source>Delegate</source>
        <translation>Delegieren</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="81"/>
        <source>Undelegate</source>
        <translation>Delegation aufheben</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="83"/>
        <source>Redelegate</source>
        <translation>Umdelegieren</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="85"/>
        <source>Claim rewards</source>
        <translation>Belohnungen abrufen</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="87"/>
        <source>Unjail</source>
        <translation>Entsperrung</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="89"/>
        <source>Submit proposal</source>
        <translation>Vorschlag einreichen</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="91"/>
        <location filename="../ui/explorer/explorer_format.cpp" line="196"/>
        <source>Deposit</source>
        <translation>Einlage</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="93"/>
        <source>Vote</source>
        <translation>Abstimmung</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="95"/>
        <source>Evidence</source>
        <translation>Beweis</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="112"/>
        <source>The node cannot answer right now.</source>
        <translation>Der Knoten kann gerade nicht antworten.</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="113"/>
        <source>The node cannot answer: %1</source>
        <translation>Der Knoten kann nicht antworten: %1</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="115"/>
        <source>The node failed to read its database: %1</source>
        <translation>Der Knoten konnte seine Datenbank nicht lesen: %1</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="117"/>
        <source>The node refused the request.</source>
        <translation>Der Knoten hat die Anfrage abgelehnt.</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="121"/>
        <source>The node is not running.</source>
        <translation>Der Knoten läuft nicht.</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="130"/>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="131"/>
        <location filename="../ui/explorer/explorer_format.cpp" line="154"/>
        <location filename="../ui/explorer/explorer_format.cpp" line="158"/>
        <location filename="../ui/explorer/explorer_format.cpp" line="163"/>
        <location filename="../ui/explorer/explorer_format.cpp" line="203"/>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="134"/>
        <source>Moniker</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="135"/>
        <source>Website</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="136"/>
        <source>Commission</source>
        <translation>Provision</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="137"/>
        <source>Self bond</source>
        <translation>Eigener Stake</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="138"/>
        <source>Consensus key</source>
        <translation>Konsensschlüssel</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="139"/>
        <source>VRF key</source>
        <translation>VRF-Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="143"/>
        <source>New moniker</source>
        <translation>Neuer Name</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="146"/>
        <source>New website</source>
        <translation>Neue Website</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="149"/>
        <source>New commission</source>
        <translation>Neue Provision</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="153"/>
        <location filename="../ui/explorer/explorer_format.cpp" line="157"/>
        <location filename="../ui/explorer/explorer_format.cpp" line="167"/>
        <location filename="../ui/explorer/explorer_format.cpp" line="168"/>
        <source>Validator</source>
        <translation>Validator</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="161"/>
        <source>From validator</source>
        <translation>Von Validator</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="162"/>
        <source>To validator</source>
        <translation>An Validator</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="169"/>
        <source>All delegations</source>
        <translation>Alle Delegationen</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="173"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="174"/>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="178"/>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="180"/>
        <source>New value</source>
        <translation>Neuer Wert</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="184"/>
        <source>Pay to</source>
        <translation>Zahlen an</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="185"/>
        <source>Spend</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="189"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="191"/>
        <source>Upgrade slot</source>
        <translation>Upgrade-Slot</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="197"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="201"/>
        <location filename="../ui/explorer/explorer_format.cpp" line="206"/>
        <source>Proposal</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="208"/>
        <source>Option</source>
        <translation>Option</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="211"/>
        <source>Offence</source>
        <translation>Verstoß</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="212"/>
        <source>Offender</source>
        <translation>Verursacher</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="263"/>
        <source>Double proposal</source>
        <translation>Doppelter Blockvorschlag</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="265"/>
        <source>Double vote</source>
        <translation>Doppelte Stimme</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_format.cpp" line="267"/>
        <source>Surround vote</source>
        <translation>Umschließende Stimme</translation>
    </message>
</context>
<context>
    <name>ExplorerPage</name>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="50"/>
        <source>Block %1</source>
        <translation>Block %1</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="51"/>
        <source>Transaction %1…</source>
        <translation>Transaktion %1…</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="52"/>
        <source>Account %1…</source>
        <translation>Konto %1…</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="53"/>
        <source>Validator %1</source>
        <translation>Validator %1</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="54"/>
        <location filename="../qml/explorer/ExplorerPage.qml" line="158"/>
        <source>Latest blocks</source>
        <translation>Neueste Blöcke</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="85"/>
        <source>Explorer</source>
        <translation>Explorer</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="86"/>
        <source>Blocks, transactions, accounts and validators of %1</source>
        <translation>Blöcke, Transaktionen, Konten und Validatoren von %1</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="99"/>
        <source>Search by block height, block or transaction id, or address</source>
        <translation>Nach Blockhöhe, Block- oder Transaktions-ID oder Adresse suchen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="103"/>
        <source>Search the chain</source>
        <translation>Die Chain durchsuchen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="108"/>
        <location filename="../qml/explorer/ExplorerPage.qml" line="110"/>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="134"/>
        <source>This address operates a validator.</source>
        <translation>Diese Adresse betreibt einen Validator.</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="137"/>
        <source>Show the validator</source>
        <translation>Validator anzeigen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="149"/>
        <source>‹ Back</source>
        <translation>‹ Zurück</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="152"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ExplorerPage.qml" line="154"/>
        <source>Back (Alt+Left)</source>
        <translation>Zurück (Alt+Links)</translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <location filename="../qml/FirstRun.qml" line="33"/>
        <source>Welcome to Cairn</source>
        <translation>Willkommen bei Cairn</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="39"/>
        <source>Cairn is a full node, a wallet and a validator of the Cairn chain in one program. Choose the network to join and where its data should live.</source>
        <translation>Cairn vereint einen vollständigen Knoten, eine Wallet und einen Validator der Cairn-Chain in einem Programm. Wählen Sie das Netzwerk, dem Sie beitreten möchten, und wo seine Daten gespeichert werden sollen.</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="44"/>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="50"/>
        <source>Devnet (recommended to try Cairn)</source>
        <translation>Devnet (empfohlen zum Ausprobieren von Cairn)</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="53"/>
        <source>A local chain on this computer, with this node as its validator and your test funds.</source>
        <translation>Eine lokale Chain auf diesem Computer, mit diesem Knoten als Validator und Ihrem Testguthaben.</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="64"/>
        <source>Testnet</source>
        <translation>Testnet</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="67"/>
        <source>The public test network. It needs peer-to-peer networking, which this version of Cairn does not have yet.</source>
        <translation>Das öffentliche Testnetzwerk. Es benötigt Peer-to-Peer-Vernetzung, die diese Version von Cairn noch nicht beherrscht.</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="74"/>
        <location filename="../qml/FirstRun.qml" line="82"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="84"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="87"/>
        <source>The chain, your wallet file and the log go to %1/%2.</source>
        <translation>Die Chain, Ihre Wallet-Datei und das Protokoll werden in %1/%2 abgelegt.</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="102"/>
        <source>Start the node</source>
        <translation>Knoten starten</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="108"/>
        <source>Enter an absolute folder path, such as %1.</source>
        <translation>Geben Sie einen absoluten Ordnerpfad ein, etwa %1.</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="119"/>
        <source>Choose the data folder</source>
        <translation>Datenordner wählen</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="134"/>
        <source>The node could not start</source>
        <translation>Der Knoten konnte nicht starten</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="134"/>
        <source>Starting the node…</source>
        <translation>Knoten wird gestartet…</translation>
    </message>
    <message>
        <location filename="../qml/FirstRun.qml" line="147"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="16"/>
        <source>Cairn — %1</source>
        <translation>Cairn — %1</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="16"/>
        <source>Cairn</source>
        <translation>Cairn</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="21"/>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="22"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="23"/>
        <source>Receive</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="24"/>
        <source>Transactions</source>
        <translation>Transaktionen</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="25"/>
        <source>Explorer</source>
        <translation>Explorer</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="26"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="27"/>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
</context>
<context>
    <name>NoWalletState</name>
    <message>
        <location filename="../qml/wallet/NoWalletState.qml" line="9"/>
        <source>No wallet yet</source>
        <translation>Noch keine Wallet</translation>
    </message>
    <message>
        <location filename="../qml/wallet/NoWalletState.qml" line="10"/>
        <source>Create a new wallet, restore one from recovery words, or watch addresses.</source>
        <translation>Erstellen Sie eine neue Wallet, stellen Sie eine aus Wiederherstellungswörtern wieder her oder beobachten Sie Adressen.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/NoWalletState.qml" line="19"/>
        <source>Create or restore a wallet</source>
        <translation>Wallet erstellen oder wiederherstellen</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="19"/>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="20"/>
        <source>Reading the node&apos;s state…</source>
        <translation>Lese den Zustand des Knotens…</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="45"/>
        <source>Chain</source>
        <translation>Chain</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="49"/>
        <source>Head block</source>
        <translation>Neuester Block</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="50"/>
        <source>Finalized block</source>
        <translation>Finalisierter Block</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="51"/>
        <source>Current slot</source>
        <translation>Aktueller Slot</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="53"/>
        <source>Finality lag</source>
        <translation>Finalitätsrückstand</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="54"/>
        <source>1 slot</source>
        <translation>1 Slot</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="54"/>
        <source>%1 slots</source>
        <translation>%1 Slots</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="64"/>
        <source>Sync progress</source>
        <translation>Synchronisierungsfortschritt</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="81"/>
        <source>Health: %1</source>
        <translation>Zustand: %1</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="90"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="94"/>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="96"/>
        <source>Peers</source>
        <translation>Peers</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="98"/>
        <source>none needed (devnet: this computer only)</source>
        <translation>keine nötig (Devnet: nur dieser Computer)</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="102"/>
        <source>RPC</source>
        <translation>RPC</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="104"/>
        <source>not started: %1</source>
        <translation>nicht gestartet: %1</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="105"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="110"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="114"/>
        <source>Staking</source>
        <translation>Staking</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="122"/>
        <source>No key</source>
        <translation>Kein Schlüssel</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="123"/>
        <source>Validating</source>
        <translation>Validiert</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="123"/>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="135"/>
        <source>Blocks proposed</source>
        <translation>Vorgeschlagene Blöcke</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="141"/>
        <source>Votes cast</source>
        <translation>Abgegebene Stimmen</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="147"/>
        <source>This node holds no validator key, so it follows the chain without producing blocks.</source>
        <translation>Dieser Knoten hat keinen Validator-Schlüssel; er folgt der Chain, ohne Blöcke zu erzeugen.</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="157"/>
        <source>Stop validating</source>
        <translation>Validieren beenden</translation>
    </message>
    <message>
        <location filename="../qml/shell/OverviewPage.qml" line="157"/>
        <source>Start validating</source>
        <translation>Validieren starten</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/units.cpp" line="28"/>
        <source>Enter an amount.</source>
        <translation>Geben Sie einen Betrag ein.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/units.cpp" line="32"/>
        <source>At most %n decimal(s) in this unit.</source>
        <translation>
            <numerusform>Höchstens %n Nachkommastelle in dieser Einheit.</numerusform>
            <numerusform>Höchstens %n Nachkommastellen in dieser Einheit.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/units.cpp" line="37"/>
        <source>Digits must follow the decimal point.</source>
        <translation>Auf das Dezimaltrennzeichen müssen Ziffern folgen.</translation>
    </message>
    <message>
        <location filename="../ui/units.cpp" line="38"/>
        <source>Write a digit before the decimal point.</source>
        <translation>Schreiben Sie eine Ziffer vor das Dezimaltrennzeichen.</translation>
    </message>
    <message>
        <location filename="../ui/units.cpp" line="42"/>
        <source>Remove the leading zeros.</source>
        <translation>Entfernen Sie die führenden Nullen.</translation>
    </message>
</context>
<context>
    <name>ReceivePage</name>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="26"/>
        <source>Receive</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="27"/>
        <source>Give this address to whoever sends you coins</source>
        <translation>Geben Sie diese Adresse weiter, um Coins zu empfangen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="52"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="58"/>
        <source>Account to receive to</source>
        <translation>Empfangskonto</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="62"/>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="66"/>
        <source>New account…</source>
        <translation>Neues Konto…</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="75"/>
        <source>This is a watched address: coins sent here arrive, but this wallet has no key to spend them.</source>
        <translation>Dies ist eine beobachtete Adresse: Hierher gesendete Coins kommen an, aber diese Wallet hat keinen Schlüssel, um sie auszugeben.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="79"/>
        <source>Your address</source>
        <translation>Ihre Adresse</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="94"/>
        <source>Receive address %1</source>
        <translation>Empfangsadresse %1</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="112"/>
        <source>QR code of the address</source>
        <translation>QR-Code der Adresse</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="116"/>
        <source>Scan with a phone wallet, or copy the address. Only send Cairn on this network (%1) to it.</source>
        <translation>Scannen Sie den Code mit einer Smartphone-Wallet oder kopieren Sie die Adresse. Senden Sie nur Cairn in diesem Netzwerk (%1) an diese Adresse.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="135"/>
        <source>Rename the account</source>
        <translation>Konto umbenennen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="135"/>
        <source>New account</source>
        <translation>Neues Konto</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="149"/>
        <source>Each account has its own address; all come from your recovery words, so the same words restore them all.</source>
        <translation>Jedes Konto hat eine eigene Adresse; alle stammen aus Ihren Wiederherstellungswörtern, daher stellen dieselben Wörter alle wieder her.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="154"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="158"/>
        <source>e.g. Savings</source>
        <translation>z. B. Sparkonto</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="159"/>
        <source>Account name</source>
        <translation>Kontoname</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="164"/>
        <location filename="../qml/wallet/ReceivePage.qml" line="173"/>
        <source>Wallet passphrase</source>
        <translation>Wallet-Passphrase</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="181"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="184"/>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/ReceivePage.qml" line="184"/>
        <source>Create account</source>
        <translation>Konto anlegen</translation>
    </message>
</context>
<context>
    <name>RecentActivity</name>
    <message>
        <location filename="../qml/wallet/RecentActivity.qml" line="11"/>
        <source>Recent activity</source>
        <translation>Letzte Aktivität</translation>
    </message>
    <message>
        <location filename="../qml/wallet/RecentActivity.qml" line="54"/>
        <source>Finalized</source>
        <translation>Finalisiert</translation>
    </message>
    <message>
        <location filename="../qml/wallet/RecentActivity.qml" line="54"/>
        <source>Included</source>
        <translation>Aufgenommen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/RecentActivity.qml" line="55"/>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <location filename="../qml/wallet/RecentActivity.qml" line="55"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/RecentActivity.qml" line="55"/>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/RecentActivity.qml" line="64"/>
        <source>No transactions yet.</source>
        <translation>Noch keine Transaktionen.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/RecentActivity.qml" line="78"/>
        <source>See all</source>
        <translation>Alle anzeigen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/RecentActivity.qml" line="81"/>
        <source>See all transactions</source>
        <translation>Alle Transaktionen anzeigen</translation>
    </message>
</context>
<context>
    <name>SendMath</name>
    <message>
        <location filename="../qml/wallet/SendMath.js" line="45"/>
        <source>Enter an amount.</source>
        <translation>Geben Sie einen Betrag ein.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendMath.js" line="47"/>
        <source>Enter an amount greater than zero.</source>
        <translation>Geben Sie einen Betrag größer als null ein.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendMath.js" line="49"/>
        <source>More than this account can spend.</source>
        <translation>Mehr, als dieses Konto ausgeben kann.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendMath.js" line="50"/>
        <source>The amount and the fee together are more than this account can spend.</source>
        <translation>Betrag und Gebühr zusammen sind mehr, als dieses Konto ausgeben kann.</translation>
    </message>
</context>
<context>
    <name>SendPage</name>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="17"/>
        <source>Economy</source>
        <translation>Sparsam</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="17"/>
        <source>may take a few blocks</source>
        <translation>kann einige Blöcke dauern</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="18"/>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="18"/>
        <source>the next block or so</source>
        <translation>etwa mit dem nächsten Block</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="19"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="19"/>
        <source>as soon as possible</source>
        <translation>so schnell wie möglich</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="69"/>
        <location filename="../qml/wallet/SendPage.qml" line="308"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="70"/>
        <source>Send coins to another address</source>
        <translation>Coins an eine andere Adresse senden</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="94"/>
        <source>This is a watch-only wallet: it follows addresses but has no keys, so it cannot send. Restore the wallet from its recovery words to send.</source>
        <translation>Dies ist eine reine Beobachtungs-Wallet: Sie verfolgt Adressen, hat aber keine Schlüssel und kann daher nicht senden. Stellen Sie die Wallet aus ihren Wiederherstellungswörtern wieder her, um zu senden.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="100"/>
        <source>Confirm your recovery words before sending: the wallet signs nothing until then.</source>
        <translation>Bestätigen Sie vor dem Senden Ihre Wiederherstellungswörter: Bis dahin signiert die Wallet nichts.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="101"/>
        <source>Confirm now</source>
        <translation>Jetzt bestätigen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="109"/>
        <source>The wallet is locked. You will be asked for your passphrase when you review the transaction.</source>
        <translation>Die Wallet ist gesperrt. Sie werden beim Prüfen der Transaktion nach Ihrer Passphrase gefragt.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="116"/>
        <source>Transaction sent</source>
        <translation>Transaktion gesendet</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="119"/>
        <source>The network accepted your transaction. It is pending until a block includes it; you can follow it under Transactions.</source>
        <translation>Das Netzwerk hat Ihre Transaktion angenommen. Sie bleibt ausstehend, bis ein Block sie aufnimmt; Sie können sie unter Transaktionen verfolgen.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="123"/>
        <source>Transaction id</source>
        <translation>Transaktions-ID</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="132"/>
        <source>View in explorer</source>
        <translation>Im Explorer anzeigen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="133"/>
        <source>Send another</source>
        <translation>Weitere Transaktion senden</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="142"/>
        <location filename="../qml/wallet/SendPage.qml" line="285"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="151"/>
        <source>%1 (%2 available)</source>
        <translation>%1 (%2 verfügbar)</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="153"/>
        <source>Account to send from</source>
        <translation>Absenderkonto</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="157"/>
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="164"/>
        <source>Recipient address</source>
        <translation>Empfängeradresse</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="169"/>
        <source>The address starts with %1.</source>
        <translation>Die Adresse beginnt mit %1.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="170"/>
        <source>Valid address.</source>
        <translation>Gültige Adresse.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="179"/>
        <location filename="../qml/wallet/SendPage.qml" line="275"/>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="188"/>
        <source>Amount in %1</source>
        <translation>Betrag in %1</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="194"/>
        <source>Max</source>
        <translation>Max.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="196"/>
        <source>Send the most this account can: what it can spend minus the fee</source>
        <translation>So viel senden wie möglich: das verfügbare Guthaben abzüglich der Gebühr</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="198"/>
        <source>What the account can spend, minus the fee</source>
        <translation>Verfügbares Guthaben des Kontos abzüglich der Gebühr</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="204"/>
        <source>Available: %1</source>
        <translation>Verfügbar: %1</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="211"/>
        <location filename="../qml/wallet/SendPage.qml" line="276"/>
        <source>Fee</source>
        <translation>Gebühr</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="219"/>
        <source>Fee level</source>
        <translation>Gebührenstufe</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="224"/>
        <source>Estimating…</source>
        <translation>Wird geschätzt…</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="225"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="233"/>
        <source>Memo (optional)</source>
        <translation>Memo (optional)</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="237"/>
        <source>Visible to everyone on the chain</source>
        <translation>Für alle auf der Chain sichtbar</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="238"/>
        <source>Memo, optional, public</source>
        <translation>Memo, optional, öffentlich</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="243"/>
        <source>Review</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="261"/>
        <source>Review the transaction</source>
        <translation>Transaktion prüfen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="274"/>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="278"/>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="282"/>
        <source>Memo</source>
        <translation>Memo</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="289"/>
        <location filename="../qml/wallet/SendPage.qml" line="294"/>
        <source>Wallet passphrase</source>
        <translation>Wallet-Passphrase</translation>
    </message>
    <message>
        <location filename="../qml/wallet/SendPage.qml" line="304"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="34"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="35"/>
        <source>Changes are saved at once.</source>
        <translation>Änderungen werden sofort gespeichert.</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="45"/>
        <source>Some changes apply at the next start of Cairn.</source>
        <translation>Einige Änderungen gelten erst beim nächsten Start von Cairn.</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="52"/>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="61"/>
        <location filename="../qml/shell/SettingsPage.qml" line="78"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="69"/>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="81"/>
        <source>Amounts in</source>
        <translation>Beträge in</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="87"/>
        <source>Unit of amounts</source>
        <translation>Einheit der Beträge</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="94"/>
        <source>Wallet and staking</source>
        <translation>Wallet und Staking</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="103"/>
        <source>Lock the wallet after</source>
        <translation>Wallet sperren nach</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="111"/>
        <source>Minutes before the wallet locks itself</source>
        <translation>Minuten, bis sich die Wallet selbst sperrt</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="114"/>
        <source>minutes idle (0: never)</source>
        <translation>Minuten Untätigkeit (0: nie)</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="118"/>
        <source>Validating</source>
        <translation>Validiert</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="120"/>
        <source>Start validating when Cairn starts</source>
        <translation>Beim Start von Cairn mit dem Validieren beginnen</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="128"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="133"/>
        <source>These apply at the next start.</source>
        <translation>Diese gelten ab dem nächsten Start.</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="141"/>
        <location filename="../qml/shell/SettingsPage.qml" line="151"/>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="146"/>
        <source>Devnet (this computer only)</source>
        <translation>Devnet (nur dieser Computer)</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="147"/>
        <source>Testnet</source>
        <translation>Testnet</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="154"/>
        <location filename="../qml/shell/SettingsPage.qml" line="163"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="167"/>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="177"/>
        <source>RPC server</source>
        <translation>RPC-Server</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="179"/>
        <source>Let other programs on this computer use the node (JSON-RPC)</source>
        <translation>Anderen Programmen auf diesem Computer den Knoten zugänglich machen (JSON-RPC)</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="183"/>
        <location filename="../qml/shell/SettingsPage.qml" line="191"/>
        <source>RPC port</source>
        <translation>RPC-Port</translation>
    </message>
    <message>
        <location filename="../qml/shell/SettingsPage.qml" line="188"/>
        <source>network default</source>
        <translation>Standard des Netzwerks</translation>
    </message>
</context>
<context>
    <name>StartingView</name>
    <message>
        <location filename="../qml/StartingView.qml" line="20"/>
        <source>Cairn could not start</source>
        <translation>Cairn konnte nicht starten</translation>
    </message>
    <message>
        <location filename="../qml/StartingView.qml" line="21"/>
        <source>Stopping the node…</source>
        <translation>Knoten wird beendet…</translation>
    </message>
    <message>
        <location filename="../qml/StartingView.qml" line="22"/>
        <source>Starting the Cairn node…</source>
        <translation>Cairn-Knoten wird gestartet…</translation>
    </message>
    <message>
        <location filename="../qml/StartingView.qml" line="29"/>
        <source>Opening the chain database in %1</source>
        <translation>Öffne die Chain-Datenbank in %1</translation>
    </message>
    <message>
        <location filename="../qml/StartingView.qml" line="38"/>
        <source>Details: %1</source>
        <translation>Einzelheiten: %1</translation>
    </message>
    <message>
        <location filename="../qml/StartingView.qml" line="45"/>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location filename="../qml/StartingView.qml" line="50"/>
        <source>Choose another network or folder</source>
        <translation>Anderes Netzwerk oder anderen Ordner wählen</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../qml/shell/StatusBar.qml" line="35"/>
        <source>Halted</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location filename="../qml/shell/StatusBar.qml" line="42"/>
        <source>Head %1 · finalized %2</source>
        <translation>Block %1 · finalisiert %2</translation>
    </message>
    <message>
        <location filename="../qml/shell/StatusBar.qml" line="48"/>
        <source>1 peer</source>
        <translation>1 Peer</translation>
    </message>
    <message>
        <location filename="../qml/shell/StatusBar.qml" line="48"/>
        <source>%1 peers</source>
        <translation>%1 Peers</translation>
    </message>
    <message>
        <location filename="../qml/shell/StatusBar.qml" line="48"/>
        <source>No peers needed</source>
        <translation>Keine Peers nötig</translation>
    </message>
    <message>
        <location filename="../qml/shell/StatusBar.qml" line="54"/>
        <source>Wallet locked</source>
        <translation>Wallet gesperrt</translation>
    </message>
    <message>
        <location filename="../qml/shell/StatusBar.qml" line="54"/>
        <source>Wallet unlocked</source>
        <translation>Wallet entsperrt</translation>
    </message>
</context>
<context>
    <name>StrengthMeter</name>
    <message>
        <location filename="../qml/wallet/StrengthMeter.qml" line="12"/>
        <source>Very weak</source>
        <translation>Sehr schwach</translation>
    </message>
    <message>
        <location filename="../qml/wallet/StrengthMeter.qml" line="12"/>
        <source>Weak</source>
        <translation>Schwach</translation>
    </message>
    <message>
        <location filename="../qml/wallet/StrengthMeter.qml" line="12"/>
        <source>Fair</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <location filename="../qml/wallet/StrengthMeter.qml" line="12"/>
        <source>Good</source>
        <translation>Gut</translation>
    </message>
    <message>
        <location filename="../qml/wallet/StrengthMeter.qml" line="12"/>
        <source>Strong</source>
        <translation>Stark</translation>
    </message>
    <message>
        <location filename="../qml/wallet/StrengthMeter.qml" line="16"/>
        <source>Passphrase strength: %1. %2</source>
        <translation>Stärke der Passphrase: %1. %2</translation>
    </message>
</context>
<context>
    <name>TransactionsPage</name>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="24"/>
        <source>Finalized</source>
        <translation>Finalisiert</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="24"/>
        <source>Included</source>
        <translation>Aufgenommen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="25"/>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="25"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="25"/>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="63"/>
        <location filename="../qml/wallet/TransactionsPage.qml" line="147"/>
        <source>Transactions</source>
        <translation>Transaktionen</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/wallet/TransactionsPage.qml" line="64"/>
        <source>%n transaction(s) loaded</source>
        <translation>
            <numerusform>%n Transaktion geladen</numerusform>
            <numerusform>%n Transaktionen geladen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="64"/>
        <source>Everything this wallet sent and received</source>
        <translation>Alles, was diese Wallet gesendet und empfangen hat</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="67"/>
        <source>Export CSV…</source>
        <translation>Als CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="69"/>
        <source>Export the transactions as a CSV file</source>
        <translation>Die Transaktionen als CSV-Datei exportieren</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="78"/>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="86"/>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="97"/>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="98"/>
        <source>Filter by kind</source>
        <translation>Nach Art filtern</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="103"/>
        <source>From YYYY-MM-DD</source>
        <translation>Von JJJJ-MM-TT</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="104"/>
        <source>From date, year-month-day</source>
        <translation>Startdatum, Jahr-Monat-Tag</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="110"/>
        <source>To YYYY-MM-DD</source>
        <translation>Bis JJJJ-MM-TT</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="111"/>
        <source>To date, year-month-day</source>
        <translation>Enddatum, Jahr-Monat-Tag</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="117"/>
        <source>Search id, address or note</source>
        <translation>ID, Adresse oder Notiz suchen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="118"/>
        <source>Search transactions</source>
        <translation>Transaktionen durchsuchen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="124"/>
        <source>Write dates as year-month-day, for example 2024-03-01.</source>
        <translation>Schreiben Sie Datumsangaben als Jahr-Monat-Tag, zum Beispiel 2024-03-01.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="155"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="156"/>
        <location filename="../qml/wallet/TransactionsPage.qml" line="245"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="157"/>
        <location filename="../qml/wallet/TransactionsPage.qml" line="248"/>
        <source>Counterparty</source>
        <translation>Gegenpartei</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="158"/>
        <location filename="../qml/wallet/TransactionsPage.qml" line="249"/>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="159"/>
        <location filename="../qml/wallet/TransactionsPage.qml" line="246"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="175"/>
        <source>%1, %2, %3, %4</source>
        <translation>%1, %2, %3, %4</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="220"/>
        <source>No transactions yet</source>
        <translation>Noch keine Transaktionen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="220"/>
        <source>No transactions match</source>
        <translation>Keine passenden Transaktionen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="221"/>
        <source>Coins you send and receive appear here.</source>
        <translation>Coins, die Sie senden und empfangen, erscheinen hier.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="221"/>
        <source>Create or restore a wallet to see its transactions.</source>
        <translation>Erstellen Sie eine Wallet oder stellen Sie eine wieder her, um ihre Transaktionen zu sehen.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="222"/>
        <source>Change the filters or clear the search.</source>
        <translation>Ändern Sie die Filter oder leeren Sie die Suche.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="234"/>
        <source>Transaction details</source>
        <translation>Transaktionsdetails</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="244"/>
        <source>Transaction id</source>
        <translation>Transaktions-ID</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="247"/>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="247"/>
        <source>Outgoing</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="247"/>
        <source>Incoming</source>
        <translation>Eingehend</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="250"/>
        <source>Fee</source>
        <translation>Gebühr</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="251"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="252"/>
        <source>Block height</source>
        <translation>Blockhöhe</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="252"/>
        <source>not yet included</source>
        <translation>noch nicht aufgenommen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="253"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="255"/>
        <source>Open in explorer</source>
        <translation>Im Explorer öffnen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="266"/>
        <source>Export transactions</source>
        <translation>Transaktionen exportieren</translation>
    </message>
    <message>
        <location filename="../qml/wallet/TransactionsPage.qml" line="269"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
</context>
<context>
    <name>TxView</name>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="28"/>
        <source>No transaction has this id</source>
        <translation>Keine Transaktion hat diese ID</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="29"/>
        <source>It may have expired from the pool without being included.</source>
        <translation>Sie ist womöglich im Pool abgelaufen, ohne aufgenommen zu werden.</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="39"/>
        <source>finalized</source>
        <translation>finalisiert</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="39"/>
        <source>included</source>
        <translation>aufgenommen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="39"/>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="42"/>
        <source>Transaction id</source>
        <translation>Transaktions-ID</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="44"/>
        <source>Block</source>
        <translation>Block</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="45"/>
        <source>#%1 (position %2)</source>
        <translation>#%1 (Position %2)</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="46"/>
        <source>Not yet included: waiting in the pool</source>
        <translation>Noch nicht aufgenommen: wartet im Pool</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="52"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="59"/>
        <source>Nonce</source>
        <translation>Nonce</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="60"/>
        <source>Fee</source>
        <translation>Gebühr</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="61"/>
        <source>Expires after slot</source>
        <translation>Läuft ab nach Slot</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="62"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="62"/>
        <source>%L1 bytes</source>
        <translation>%L1 Bytes</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="67"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../qml/explorer/TxView.qml" line="85"/>
        <source>Memo</source>
        <translation>Memo</translation>
    </message>
</context>
<context>
    <name>ValidatorView</name>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="28"/>
        <source>No validator matches %1</source>
        <translation>Kein Validator passt zu %1</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="29"/>
        <source>Validators are found by operator address or index.</source>
        <translation>Validatoren werden über ihre Betreiberadresse oder ihren Index gefunden.</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="36"/>
        <source>Validator #%1</source>
        <translation>Validator #%1</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="41"/>
        <source>jailed</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="42"/>
        <source>tombstoned</source>
        <translation>dauerhaft ausgeschlossen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="42"/>
        <source>candidate</source>
        <translation>Kandidat</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="46"/>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="46"/>
        <source>not in the active set</source>
        <translation>nicht in der aktiven Menge</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="50"/>
        <source>Moniker</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="53"/>
        <source>Website</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="58"/>
        <source>Operator</source>
        <translation>Betreiber</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="65"/>
        <source>Consensus key</source>
        <translation>Konsensschlüssel</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="66"/>
        <source>VRF key</source>
        <translation>VRF-Schlüssel</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="71"/>
        <source>Stake</source>
        <translation>Stake</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="73"/>
        <source>Total stake</source>
        <translation>Gesamter Stake</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="74"/>
        <source>Self bond</source>
        <translation>Eigener Stake</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="76"/>
        <source>Commission</source>
        <translation>Provision</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="80"/>
        <source>Missed votes</source>
        <translation>Verpasste Stimmen</translation>
    </message>
    <message>
        <location filename="../qml/explorer/ValidatorView.qml" line="83"/>
        <source>Jailed until slot</source>
        <translation>Gesperrt bis Slot</translation>
    </message>
</context>
<context>
    <name>WalletSetup</name>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="72"/>
        <source>Set up your wallet</source>
        <translation>Wallet einrichten</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="74"/>
        <source>The wallet holds the keys to your coins. It lives in the data folder, encrypted with a passphrase you choose.</source>
        <translation>Die Wallet enthält die Schlüssel zu Ihren Coins. Sie liegt im Datenordner, verschlüsselt mit einer Passphrase Ihrer Wahl.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="79"/>
        <source>Create a new wallet</source>
        <translation>Neue Wallet erstellen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="79"/>
        <source>New keys, with 24 recovery words to write down.</source>
        <translation>Neue Schlüssel, mit 24 Wiederherstellungswörtern zum Aufschreiben.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="80"/>
        <location filename="../qml/wallet/WalletSetup.qml" line="316"/>
        <source>Restore a wallet</source>
        <translation>Wallet wiederherstellen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="80"/>
        <source>From recovery words you wrote down earlier.</source>
        <translation>Aus Wiederherstellungswörtern, die Sie früher aufgeschrieben haben.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="81"/>
        <source>Watch addresses only</source>
        <translation>Nur Adressen beobachten</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="81"/>
        <source>See balances and history without keys; this wallet cannot send.</source>
        <translation>Guthaben und Verlauf ohne Schlüssel einsehen; diese Wallet kann nicht senden.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="105"/>
        <source>Skip for now</source>
        <translation>Vorerst überspringen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="108"/>
        <source>Skip wallet setup for now</source>
        <translation>Wallet-Einrichtung vorerst überspringen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="116"/>
        <source>Choose a passphrase</source>
        <translation>Passphrase wählen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="118"/>
        <source>It encrypts the wallet on this computer and is asked for each time you send. Nobody can recover it for you; your recovery words restore the wallet if it is lost.</source>
        <translation>Sie verschlüsselt die Wallet auf diesem Computer und wird bei jedem Senden abgefragt. Niemand kann sie für Sie wiederherstellen; geht die Wallet verloren, stellen Ihre Wiederherstellungswörter sie wieder her.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="125"/>
        <location filename="../qml/wallet/WalletSetup.qml" line="349"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="126"/>
        <location filename="../qml/wallet/WalletSetup.qml" line="350"/>
        <source>New passphrase</source>
        <translation>Neue Passphrase</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="142"/>
        <location filename="../qml/wallet/WalletSetup.qml" line="143"/>
        <location filename="../qml/wallet/WalletSetup.qml" line="361"/>
        <location filename="../qml/wallet/WalletSetup.qml" line="362"/>
        <source>Repeat the passphrase</source>
        <translation>Passphrase wiederholen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="149"/>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen stimmen nicht überein.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="157"/>
        <location filename="../qml/wallet/WalletSetup.qml" line="369"/>
        <location filename="../qml/wallet/WalletSetup.qml" line="416"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="162"/>
        <source>Create wallet</source>
        <translation>Wallet erstellen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="171"/>
        <source>Choose a stronger passphrase to continue.</source>
        <translation>Wählen Sie eine stärkere Passphrase, um fortzufahren.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="181"/>
        <source>Write down your recovery words</source>
        <translation>Schreiben Sie Ihre Wiederherstellungswörter auf</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="184"/>
        <source>Write these words on paper, in order, and keep it somewhere safe. They are shown only this once. Anyone who has them can take your coins; without them a lost wallet cannot be restored.</source>
        <translation>Schreiben Sie diese Wörter der Reihe nach auf Papier und bewahren Sie es an einem sicheren Ort auf. Sie werden nur dieses eine Mal angezeigt. Wer sie besitzt, kann Ihre Coins an sich nehmen; ohne sie lässt sich eine verlorene Wallet nicht wiederherstellen.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="205"/>
        <source>Word %1: %2</source>
        <translation>Wort %1: %2</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="219"/>
        <source>I have written down all %1 words in order</source>
        <translation>Ich habe alle %1 Wörter der Reihe nach aufgeschrieben</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="224"/>
        <location filename="../qml/wallet/WalletSetup.qml" line="444"/>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="239"/>
        <source>Confirm your recovery words</source>
        <translation>Wiederherstellungswörter bestätigen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="242"/>
        <source>Type the requested words from your paper, to make sure it is right. The wallet sends nothing until you have.</source>
        <translation>Geben Sie die verlangten Wörter von Ihrem Papier ein, um sicherzugehen, dass es stimmt. Bis dahin sendet die Wallet nichts.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="243"/>
        <source>This wallet&apos;s recovery words were never confirmed. Type all of them, in order, separated by spaces.</source>
        <translation>Die Wiederherstellungswörter dieser Wallet wurden nie bestätigt. Geben Sie alle der Reihe nach ein, durch Leerzeichen getrennt.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="260"/>
        <source>Word %1</source>
        <translation>Wort %1</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="266"/>
        <source>Word number %1</source>
        <translation>Wort Nummer %1</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="278"/>
        <source>word1 word2 word3 …</source>
        <translation>wort1 wort2 wort3 …</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="279"/>
        <source>All recovery words</source>
        <translation>Alle Wiederherstellungswörter</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="289"/>
        <source>Show the words again</source>
        <translation>Wörter erneut anzeigen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="295"/>
        <source>Confirm</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="317"/>
        <location filename="../qml/wallet/WalletSetup.qml" line="325"/>
        <source>Recovery words</source>
        <translation>Wiederherstellungswörter</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="324"/>
        <source>The 12 to 24 words, separated by spaces</source>
        <translation>Die 12 bis 24 Wörter, durch Leerzeichen getrennt</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="341"/>
        <source>BIP-39 passphrase (optional: only if you set one)</source>
        <translation>BIP-39-Passphrase (optional: nur falls Sie eine festgelegt haben)</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="342"/>
        <source>BIP-39 passphrase, optional</source>
        <translation>BIP-39-Passphrase, optional</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="345"/>
        <source>New passphrase for this computer</source>
        <translation>Neue Passphrase für diesen Computer</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="373"/>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="386"/>
        <source>Watch addresses</source>
        <translation>Adressen beobachten</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="388"/>
        <source>Enter the addresses to follow, one per line. You will see their balances and history, but this wallet cannot send.</source>
        <translation>Geben Sie die zu verfolgenden Adressen ein, eine pro Zeile. Sie sehen deren Guthaben und Verlauf, aber diese Wallet kann nicht senden.</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="399"/>
        <source>Addresses to watch, one per line</source>
        <translation>Zu beobachtende Adressen, eine pro Zeile</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="420"/>
        <source>Watch these addresses</source>
        <translation>Diese Adressen beobachten</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="433"/>
        <source>Your wallet is ready</source>
        <translation>Ihre Wallet ist bereit</translation>
    </message>
    <message>
        <location filename="../qml/wallet/WalletSetup.qml" line="438"/>
        <source>This data folder has a watch-only wallet.</source>
        <translation>Dieser Datenordner enthält eine reine Beobachtungs-Wallet.</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/wallet/WalletSetup.qml" line="439"/>
        <source>This data folder already has a wallet with %n account(s).</source>
        <translation>
            <numerusform>Dieser Datenordner enthält bereits eine Wallet mit %n Konto.</numerusform>
            <numerusform>Dieser Datenordner enthält bereits eine Wallet mit %n Konten.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WalletText</name>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="33"/>
        <source>The network refused the transaction: its fee is too low. Choose a higher fee level and try again.</source>
        <translation>Das Netzwerk hat die Transaktion abgelehnt: Die Gebühr ist zu niedrig. Wählen Sie eine höhere Gebührenstufe und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="34"/>
        <source>The network refused the transaction: the account does not have enough funds for the amount and the fee.</source>
        <translation>Das Netzwerk hat die Transaktion abgelehnt: Das Konto hat nicht genug Guthaben für Betrag und Gebühr.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="35"/>
        <source>The network refused the transaction: it was already sent. Check your transactions before sending again.</source>
        <translation>Das Netzwerk hat die Transaktion abgelehnt: Sie wurde bereits gesendet. Prüfen Sie Ihre Transaktionen, bevor Sie erneut senden.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="36"/>
        <source>The network refused the transaction: this account has too many transactions waiting. Try again after some are included.</source>
        <translation>Das Netzwerk hat die Transaktion abgelehnt: Für dieses Konto warten zu viele Transaktionen. Versuchen Sie es erneut, sobald einige aufgenommen wurden.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="37"/>
        <source>The network refused the transaction: the transaction pool is full. Try again later or choose a higher fee level.</source>
        <translation>Das Netzwerk hat die Transaktion abgelehnt: Der Transaktionspool ist voll. Versuchen Sie es später erneut oder wählen Sie eine höhere Gebührenstufe.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="38"/>
        <source>The network refused the transaction: a replacement must pay a higher fee.</source>
        <translation>Das Netzwerk hat die Transaktion abgelehnt: Eine Ersatztransaktion muss eine höhere Gebühr zahlen.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="39"/>
        <source>The network refused the transaction: it expired before it could be included.</source>
        <translation>Das Netzwerk hat die Transaktion abgelehnt: Sie ist abgelaufen, bevor sie aufgenommen werden konnte.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="41"/>
        <source>The network refused the transaction. %1</source>
        <translation>Das Netzwerk hat die Transaktion abgelehnt. %1</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="42"/>
        <source>The network refused the transaction (%1). %2</source>
        <translation>Das Netzwerk hat die Transaktion abgelehnt (%1). %2</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="52"/>
        <source>The wallet is locked. Enter your passphrase to unlock it.</source>
        <translation>Die Wallet ist gesperrt. Geben Sie Ihre Passphrase ein, um sie zu entsperren.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="53"/>
        <source>The passphrase is wrong. Check it and try again.</source>
        <translation>Die Passphrase ist falsch. Prüfen Sie sie und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="54"/>
        <source>Too many wrong passphrases. Wait a minute, then try again.</source>
        <translation>Zu viele falsche Passphrasen. Warten Sie eine Minute und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="55"/>
        <source>Confirm your recovery words first: the wallet signs nothing until you have.</source>
        <translation>Bestätigen Sie zuerst Ihre Wiederherstellungswörter: Bis dahin signiert die Wallet nichts.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="56"/>
        <source>This is a watch-only wallet: it has no keys and cannot send.</source>
        <translation>Dies ist eine reine Beobachtungs-Wallet: Sie hat keine Schlüssel und kann nicht senden.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="57"/>
        <source>The node is not running.</source>
        <translation>Der Knoten läuft nicht.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="61"/>
        <source>There is no wallet yet.</source>
        <translation>Es gibt noch keine Wallet.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="65"/>
        <source>The wallet failed: %1 The node&apos;s log has the details.</source>
        <translation>Fehler in der Wallet: %1 Einzelheiten stehen im Protokoll des Knotens.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="72"/>
        <source>Enter an address.</source>
        <translation>Geben Sie eine Adresse ein.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="78"/>
        <source>This address belongs to another network: addresses here start with &quot;%1&quot;.</source>
        <translation>Diese Adresse gehört zu einem anderen Netzwerk: Adressen hier beginnen mit „%1“.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="80"/>
        <source>This is not an account address (it has the wrong length).</source>
        <translation>Dies ist keine Kontoadresse (sie hat die falsche Länge).</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="85"/>
        <source>An address here starts with &quot;%1&quot;.</source>
        <translation>Eine Adresse hier beginnt mit „%1“.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="87"/>
        <source>This address has a typo: a character is wrong, missing or extra.</source>
        <translation>Diese Adresse enthält einen Tippfehler: Ein Zeichen ist falsch, fehlt oder ist zu viel.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="91"/>
        <source>Choose a passphrase of at least 12 characters, or several words.</source>
        <translation>Wählen Sie eine Passphrase mit mindestens 12 Zeichen oder mehreren Wörtern.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="137"/>
        <source>Avoid common words and patterns such as &quot;%1&quot;.</source>
        <translation>Vermeiden Sie gängige Wörter und Muster wie „%1“.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="139"/>
        <source>Avoid repeated characters and runs like &quot;abcd&quot; or &quot;1234&quot;.</source>
        <translation>Vermeiden Sie wiederholte Zeichen und Folgen wie „abcd“ oder „1234“.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="141"/>
        <source>Make it longer: 12 characters or more, or several unrelated words.</source>
        <translation>Machen Sie sie länger: 12 Zeichen oder mehr oder mehrere voneinander unabhängige Wörter.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="143"/>
        <source>Add another word, or mix in capitals, digits or symbols.</source>
        <translation>Fügen Sie ein weiteres Wort hinzu oder mischen Sie Großbuchstaben, Ziffern oder Sonderzeichen ein.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="145"/>
        <source>Good. One more word would make it strong.</source>
        <translation>Gut. Ein weiteres Wort würde sie stark machen.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_text.cpp" line="147"/>
        <source>Strong passphrase.</source>
        <translation>Starke Passphrase.</translation>
    </message>
</context>
<context>
    <name>cairn::ui::AccountDetailModel</name>
    <message>
        <location filename="../ui/explorer/account_detail_model.cpp" line="17"/>
        <source>“%1” is not an address: %2.</source>
        <translation>„%1“ ist keine Adresse: %2.</translation>
    </message>
</context>
<context>
    <name>cairn::ui::BlockDetailModel</name>
    <message>
        <location filename="../ui/explorer/block_detail_model.cpp" line="15"/>
        <source>“%1” is not a block height or a block id (64 hexadecimal digits).</source>
        <translation>„%1“ ist weder eine Blockhöhe noch eine Block-ID (64 Hexadezimalziffern).</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ConsoleController</name>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="43"/>
        <source>Runs the node&apos;s RPC methods here, without the network. Type help for a list, help METHOD for one method; Tab completes, Up and Down recall earlier commands.</source>
        <translation>Führt die RPC-Methoden des Knotens hier aus, ohne Netzwerk. help listet sie auf, help METHODE erklärt eine; Tab vervollständigt, Pfeil hoch und runter holen frühere Befehle zurück.</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="120"/>
        <source>A quote (%1) is not closed.</source>
        <translation>Ein Anführungszeichen (%1) ist nicht geschlossen.</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="140"/>
        <source>The method list is not available yet: is the node running?</source>
        <translation>Die Methodenliste ist noch nicht verfügbar: Läuft der Knoten?</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="144"/>
        <source>Methods (help METHOD for its parameters):</source>
        <translation>Methoden (help METHODE zeigt ihre Parameter):</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="151"/>
        <source>No method named %1. Type help for a list.</source>
        <translation>Keine Methode namens %1. help zeigt die Liste.</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="157"/>
        <source>, optional</source>
        <translation>, optional</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="158"/>
        <source>secret: asked for in a hidden field</source>
        <translation>geheim: wird in einem verborgenen Feld abgefragt</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="190"/>
        <source>%1 asks for its secrets in a hidden field: type only the method name (and its numeric options). What you typed was not run and is not remembered.</source>
        <translation>%1 fragt Geheimnisse in einem verdeckten Feld ab: Geben Sie nur den Methodennamen (und seine numerischen Optionen) ein. Ihre Eingabe wurde nicht ausgeführt und wird nicht gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="222"/>
        <location filename="../ui/shell/console_controller.cpp" line="273"/>
        <source>The console is not available: the node is not running.</source>
        <translation>Die Konsole ist nicht verfügbar: Der Knoten läuft nicht.</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="255"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="324"/>
        <source>No method starts with %1.</source>
        <translation>Keine Methode beginnt mit %1.</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="340"/>
        <source>Type a method (Tab completes) or help.</source>
        <translation>Geben Sie eine Methode (Tab vervollständigt) oder help ein.</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="346"/>
        <source>(the passphrase is asked for after Enter)</source>
        <translation>(die Passphrase wird nach der Eingabetaste abgefragt)</translation>
    </message>
    <message>
        <location filename="../ui/shell/console_controller.cpp" line="349"/>
        <source>Tab completes the method name.</source>
        <translation>Tab vervollständigt den Methodennamen.</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ExplorerSearch</name>
    <message>
        <location filename="../ui/explorer/explorer_search.cpp" line="33"/>
        <source>Type a block height, a block or transaction id, or an address.</source>
        <translation>Geben Sie eine Blockhöhe, eine Block- oder Transaktions-ID oder eine Adresse ein.</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_search.cpp" line="36"/>
        <source>No block, transaction or address matches “%1”. Search takes a block height, a 64-digit block or transaction id, or an address starting with %2.</source>
        <translation>Kein Block, keine Transaktion und keine Adresse passt zu „%1“. Gesucht werden kann nach einer Blockhöhe, einer 64-stelligen Block- oder Transaktions-ID oder einer Adresse, die mit %2 beginnt.</translation>
    </message>
    <message>
        <location filename="../ui/explorer/explorer_search.cpp" line="48"/>
        <source>“%1” is not a valid address: %2.</source>
        <translation>„%1“ ist keine gültige Adresse: %2.</translation>
    </message>
</context>
<context>
    <name>cairn::ui::HistoryModel</name>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="202"/>
        <source>The node is not running.</source>
        <translation>Der Knoten läuft nicht.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="206"/>
        <source>Choose a file on this computer to export to.</source>
        <translation>Wählen Sie eine Datei auf diesem Computer für den Export.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="211"/>
        <source>%1 is a folder: choose a file name.</source>
        <translation>%1 ist ein Ordner: Wählen Sie einen Dateinamen.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="230"/>
        <location filename="../ui/wallet/history_model.cpp" line="233"/>
        <source>Could not write %1: %2.</source>
        <translation>%1 konnte nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="239"/>
        <source>Saved the history to %1.</source>
        <translation>Verlauf in %1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="245"/>
        <source>Transfer</source>
        <translation>Überweisung</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="246"/>
        <source>Validator registration</source>
        <translation>Validator-Registrierung</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="247"/>
        <source>Validator update</source>
        <translation>Validator-Aktualisierung</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="248"/>
        <source>Delegation</source>
        <translation>Delegation</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="249"/>
        <source>Undelegation</source>
        <translation>Aufhebung der Delegation</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="250"/>
        <source>Redelegation</source>
        <translation>Umdelegation</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="251"/>
        <source>Reward claim</source>
        <translation>Abruf von Belohnungen</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="252"/>
        <source>Unjail</source>
        <translation>Entsperrung</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="253"/>
        <source>Proposal</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="254"/>
        <source>Proposal deposit</source>
        <translation>Einlage für Vorschlag</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="255"/>
        <source>Vote</source>
        <translation>Abstimmung</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="256"/>
        <source>Evidence</source>
        <translation>Beweis</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="258"/>
        <location filename="../ui/wallet/history_model.cpp" line="267"/>
        <source>Transaction</source>
        <translation>Transaktion</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="263"/>
        <source>Staking reward</source>
        <translation>Staking-Belohnung</translation>
    </message>
    <message>
        <location filename="../ui/wallet/history_model.cpp" line="264"/>
        <source>Slash</source>
        <translation>Slashing-Strafe</translation>
    </message>
</context>
<context>
    <name>cairn::ui::NodeStatus</name>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="25"/>
        <source>less than a minute left</source>
        <translation>noch weniger als eine Minute</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="29"/>
        <source>about 1 minute left</source>
        <translation>noch etwa 1 Minute</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="29"/>
        <source>about %1 minutes left</source>
        <translation>noch etwa %1 Minuten</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="33"/>
        <source>about 1 hour left</source>
        <translation>noch etwa 1 Stunde</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="33"/>
        <source>about %1 hours left</source>
        <translation>noch etwa %1 Stunden</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="36"/>
        <source>about %1 days left</source>
        <translation>noch etwa %1 Tage</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="171"/>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="172"/>
        <source>No new block for %1 slots</source>
        <translation>Seit %1 Slots kein neuer Block</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="173"/>
        <source>Up to date</source>
        <translation>Auf dem neuesten Stand</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="175"/>
        <source>Syncing: block %1 of %2</source>
        <translation>Synchronisiere: Block %1 von %2</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="183"/>
        <source>measuring the download speed…</source>
        <translation>messe die Download-Geschwindigkeit…</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="187"/>
        <source>No validator key on this node</source>
        <translation>Kein Validator-Schlüssel auf diesem Knoten</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="188"/>
        <source>Key present, not registered as a validator</source>
        <translation>Schlüssel vorhanden, nicht als Validator registriert</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="189"/>
        <source>Validator #%1, stopped</source>
        <translation>Validator #%1, angehalten</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="190"/>
        <source>Validator #%1, validating</source>
        <translation>Validator #%1, validiert</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="191"/>
        <source>Validator #%1, waiting to enter the active set</source>
        <translation>Validator #%1, wartet auf Aufnahme in die aktive Menge</translation>
    </message>
    <message>
        <location filename="../ui/shell/node_status.cpp" line="206"/>
        <source>Could not change validating: %1</source>
        <translation>Validieren konnte nicht umgeschaltet werden: %1</translation>
    </message>
</context>
<context>
    <name>cairn::ui::SettingsController</name>
    <message>
        <location filename="../ui/shell/settings_controller.cpp" line="37"/>
        <source>The port must be a number, e.g. 7451.</source>
        <translation>Der Port muss eine Zahl sein, z. B. 7451.</translation>
    </message>
    <message>
        <location filename="../ui/shell/settings_controller.cpp" line="39"/>
        <source>Use a port from 1024 to 65535 (ports below 1024 need administrator rights).</source>
        <translation>Wählen Sie einen Port von 1024 bis 65535 (Ports unter 1024 erfordern Administratorrechte).</translation>
    </message>
    <message>
        <location filename="../ui/shell/settings_controller.cpp" line="53"/>
        <source>Choose a folder for the chain and the wallet.</source>
        <translation>Wählen Sie einen Ordner für die Chain und die Wallet.</translation>
    </message>
    <message>
        <location filename="../ui/shell/settings_controller.cpp" line="54"/>
        <source>Give the full path of the folder (starting with /).</source>
        <translation>Geben Sie den vollständigen Pfad des Ordners an (beginnend mit /).</translation>
    </message>
    <message>
        <location filename="../ui/shell/settings_controller.cpp" line="56"/>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <location filename="../ui/shell/settings_controller.cpp" line="57"/>
        <source>Cairn cannot write to %1.</source>
        <translation>Cairn kann nicht in %1 schreiben.</translation>
    </message>
    <message>
        <location filename="../ui/shell/settings_controller.cpp" line="62"/>
        <source>Cairn cannot create %1 here.</source>
        <translation>Cairn kann %1 hier nicht anlegen.</translation>
    </message>
    <message>
        <location filename="../ui/shell/settings_controller.cpp" line="77"/>
        <source>Give minutes from 0 (never) to 1440 (a day).</source>
        <translation>Geben Sie Minuten von 0 (nie) bis 1440 (ein Tag) an.</translation>
    </message>
</context>
<context>
    <name>cairn::ui::TxDetailModel</name>
    <message>
        <location filename="../ui/explorer/tx_detail_model.cpp" line="14"/>
        <source>“%1” is not a transaction id: an id has 64 hexadecimal digits.</source>
        <translation>„%1“ ist keine Transaktions-ID: Eine ID hat 64 Hexadezimalziffern.</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ValidatorDetailModel</name>
    <message>
        <location filename="../ui/explorer/validator_detail_model.cpp" line="34"/>
        <source>“%1” is not a validator&apos;s operator address or index: %2.</source>
        <translation>„%1“ ist weder die Betreiberadresse noch der Index eines Validators: %2.</translation>
    </message>
</context>
<context>
    <name>cairn::ui::WalletController</name>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="264"/>
        <location filename="../ui/wallet/wallet_controller.cpp" line="287"/>
        <location filename="../ui/wallet/wallet_controller.cpp" line="433"/>
        <location filename="../ui/wallet/wallet_controller.cpp" line="470"/>
        <source>The node is not running.</source>
        <translation>Der Knoten läuft nicht.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="333"/>
        <source>The recovery words are no longer in memory. Type all of them to confirm.</source>
        <translation>Die Wiederherstellungswörter sind nicht mehr im Speicher. Geben Sie zur Bestätigung alle ein.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="337"/>
        <source>Type each of the requested words.</source>
        <translation>Geben Sie jedes der verlangten Wörter ein.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="347"/>
        <source>Word %1 does not match. Check what you wrote down and try again.</source>
        <translation>Wort %1 stimmt nicht. Prüfen Sie, was Sie aufgeschrieben haben, und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="391"/>
        <location filename="../ui/wallet/wallet_controller.cpp" line="414"/>
        <source>Give the account a name.</source>
        <translation>Geben Sie dem Konto einen Namen.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="393"/>
        <location filename="../ui/wallet/wallet_controller.cpp" line="416"/>
        <source>The name is too long: at most 64 bytes.</source>
        <translation>Der Name ist zu lang: höchstens 64 Bytes.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="418"/>
        <source>No such account.</source>
        <translation>Dieses Konto gibt es nicht.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="433"/>
        <location filename="../ui/wallet/wallet_controller.cpp" line="475"/>
        <source>Unknown fee level.</source>
        <translation>Unbekannte Gebührenstufe.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="473"/>
        <source>Enter an amount greater than zero.</source>
        <translation>Geben Sie einen Betrag größer als null ein.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="476"/>
        <source>The memo is too long: at most 256 bytes.</source>
        <translation>Das Memo ist zu lang: höchstens 256 Bytes.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="526"/>
        <source>Enter your recovery words.</source>
        <translation>Geben Sie Ihre Wiederherstellungswörter ein.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="530"/>
        <source>Recovery words contain only the letters a to z; &quot;%1&quot; has other characters.</source>
        <translation>Wiederherstellungswörter enthalten nur die Buchstaben a bis z; „%1“ enthält andere Zeichen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/wallet/wallet_controller.cpp" line="535"/>
        <source>A recovery phrase has 12, 15, 18, 21 or 24 words; this has %n.</source>
        <translation>
            <numerusform>Eine Wiederherstellungsphrase hat 12, 15, 18, 21 oder 24 Wörter; diese hat %n Wort.</numerusform>
            <numerusform>Eine Wiederherstellungsphrase hat 12, 15, 18, 21 oder 24 Wörter; diese hat %n.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="549"/>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="551"/>
        <source>Line %1: this address is already in the list.</source>
        <translation>Zeile %1: Diese Adresse steht bereits in der Liste.</translation>
    </message>
    <message>
        <location filename="../ui/wallet/wallet_controller.cpp" line="554"/>
        <source>Enter at least one address, one per line.</source>
        <translation>Geben Sie mindestens eine Adresse ein, eine pro Zeile.</translation>
    </message>
</context>
</TS>
