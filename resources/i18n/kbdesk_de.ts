<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>accessibility</name>
    <message>
        <source>Clear</source>
        <extracomment>a link&apos;s look: the palette&apos;s link colour, underlined, with a visible frame when it has the keyboard focus</extracomment>
        <translation>Leeren</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>the console (no log file could be written)</source>
        <extracomment>the reverse-DNS application id: .desktop file, AppStream metainfo, Wayland app id the names of the two handlers setup_logging adds (so a second call adds none) at most this many dialogs per run; after that, crashes are only logged</extracomment>
        <translation>die Konsole (es konnte keine Protokolldatei geschrieben werden)</translation>
    </message>
    <message>
        <source>kbdesk hit a problem</source>
        <translation>kbdesk ist auf ein Problem gestoßen</translation>
    </message>
    <message>
        <source>Something went wrong inside kbdesk. You can keep working; if things look wrong, restart kbdesk.</source>
        <translation>In kbdesk ist ein Fehler aufgetreten. Sie können weiterarbeiten; wenn etwas nicht stimmt, starten Sie kbdesk neu.</translation>
    </message>
    <message>
        <source>{summary}

The details were written to the log:
{where}

Please include the log if you report this.</source>
        <translation>{summary}

Die Einzelheiten stehen im Protokoll:
{where}

Bitte legen Sie das Protokoll bei, wenn Sie den Fehler melden.</translation>
    </message>
    <message numerus="yes">
        <source>First start: indexing the articles of %n sources in the background… search works as soon as keyword indexing finishes</source>
        <translation>
            <numerusform>Erster Start: Die Artikel von %Ln Quelle werden im Hintergrund indiziert… die Suche funktioniert, sobald die Stichwortindizierung fertig ist</numerusform>
            <numerusform>Erster Start: Die Artikel von %Ln Quellen werden im Hintergrund indiziert… die Suche funktioniert, sobald die Stichwortindizierung fertig ist</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>First start: indexing %n starter articles in the background… search works as soon as keyword indexing finishes</source>
        <translation>
            <numerusform>Erster Start: %Ln Startartikel wird im Hintergrund indiziert… die Suche funktioniert, sobald die Stichwortindizierung fertig ist</numerusform>
            <numerusform>Erster Start: %Ln Startartikel werden im Hintergrund indiziert… die Suche funktioniert, sobald die Stichwortindizierung fertig ist</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New articles folder: indexing %n articles in {folder} in the background… search works as soon as keyword indexing finishes</source>
        <translation>
            <numerusform>Neuer Artikelordner: %Ln Artikel in {folder} wird im Hintergrund indiziert… die Suche funktioniert, sobald die Stichwortindizierung fertig ist</numerusform>
            <numerusform>Neuer Artikelordner: %Ln Artikel in {folder} werden im Hintergrund indiziert… die Suche funktioniert, sobald die Stichwortindizierung fertig ist</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>article_pane</name>
    <message>
        <source>&lt;h1 class=&quot;title&quot;&gt;How can we help?&lt;/h1&gt;
&lt;p class=&quot;summary&quot;&gt;Type what is going wrong in the box above, in your own words, or paste the exact error message.
Matching articles appear as you type.&lt;/p&gt;
&lt;h2&gt;Tips&lt;/h2&gt;
&lt;ul&gt;
&lt;li&gt;Describe what you see: &lt;i&gt;&quot;printer says offline&quot;&lt;/i&gt;, &lt;i&gt;&quot;VPN keeps disconnecting&quot;&lt;/i&gt;.&lt;/li&gt;
&lt;li&gt;Error codes work too: &lt;code&gt;0x80070005&lt;/code&gt;, &lt;code&gt;DNS_PROBE_FINISHED_NXDOMAIN&lt;/code&gt;.&lt;/li&gt;
&lt;li&gt;Press &lt;b&gt;&amp;#8595;&lt;/b&gt;/&lt;b&gt;&amp;#8593;&lt;/b&gt; to pick a result and &lt;b&gt;Enter&lt;/b&gt; to open it; &lt;b&gt;Ctrl+K&lt;/b&gt; comes back to the search box.&lt;/li&gt;
&lt;/ul&gt;
&lt;p class=&quot;meta&quot;&gt;Nothing you type leaves this computer.&lt;/p&gt;</source>
        <extracomment>the welcome page: English HTML, translated when shown (the examples stay English, as the articles are)</extracomment>
        <translation>&lt;h1 class=&quot;title&quot;&gt;Wie können wir helfen?&lt;/h1&gt;
&lt;p class=&quot;summary&quot;&gt;Beschreiben Sie oben in eigenen Worten, was nicht funktioniert, oder fügen Sie die genaue Fehlermeldung ein.
Passende Artikel erscheinen schon beim Tippen.&lt;/p&gt;
&lt;h2&gt;Tipps&lt;/h2&gt;
&lt;ul&gt;
&lt;li&gt;Beschreiben Sie, was Sie sehen: &lt;i&gt;„Drucker ist offline“&lt;/i&gt;, &lt;i&gt;„VPN trennt ständig die Verbindung“&lt;/i&gt;. Die Artikel sind auf Englisch; englische Wörter finden oft genauer: &lt;i&gt;&quot;printer says offline&quot;&lt;/i&gt;.&lt;/li&gt;
&lt;li&gt;Auch Fehlercodes funktionieren: &lt;code&gt;0x80070005&lt;/code&gt;, &lt;code&gt;DNS_PROBE_FINISHED_NXDOMAIN&lt;/code&gt;.&lt;/li&gt;
&lt;li&gt;Mit &lt;b&gt;&amp;#8595;&lt;/b&gt;/&lt;b&gt;&amp;#8593;&lt;/b&gt; wählen Sie ein Ergebnis, mit der &lt;b&gt;Eingabetaste&lt;/b&gt; öffnen Sie es; &lt;b&gt;Strg+K&lt;/b&gt; führt zurück ins Suchfeld.&lt;/li&gt;
&lt;/ul&gt;
&lt;p class=&quot;meta&quot;&gt;Nichts, was Sie eingeben, verlässt diesen Computer.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Code copied to the clipboard</source>
        <extracomment>an article has been rendered into the view (its id) Back or Forward may have become possible or impossible a short message for the status bar: (text, milliseconds) &quot;Contact support&quot; from the feedback bar (article id, rank, from a search) of the article being loaded</extracomment>
        <translation>Code in die Zwischenablage kopiert</translation>
    </message>
    <message>
        <source>Could not open the article {id}</source>
        <translation>Der Artikel {id} konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Glad it helped. Thanks for letting us know!</source>
        <translation>Schön, dass es geholfen hat. Danke für Ihre Rückmeldung!</translation>
    </message>
</context>
<context>
    <name>article_view</name>
    <message>
        <source>For {systems}</source>
        <translation>Für {systems}</translation>
    </message>
    <message>
        <source>For every system</source>
        <translation>Für alle Systeme</translation>
    </message>
    <message>
        <source>Last reviewed {date}</source>
        <translation>Zuletzt geprüft am {date}</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy this code</source>
        <translation>Diesen Code kopieren</translation>
    </message>
    <message>
        <source>Shown as plain text because {reason}; whoever looks after this article can split or shorten it.</source>
        <translation>Als reiner Text angezeigt, weil {reason}; wer diesen Artikel betreut, kann ihn aufteilen oder kürzen.</translation>
    </message>
    <message>
        <source>Article</source>
        <extracomment>buttons under an article at most (an article is untrusted input; the starter articles have up to 8) a Copy button shows this much of the code it copies an article id (resolved from kbdesk:article/ID or a relative .md link) a code block was copied (its number), for a status message a link was refused (its text), for a status message another article or message is shown (its links changed)</extracomment>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>The selected help article</source>
        <translation>Der ausgewählte Hilfeartikel</translation>
    </message>
    <message>
        <source>No article found for {link}</source>
        <extracomment>turns a relative .md link into an article id (the search view&apos;s; a preview follows none) resources refused since the last article was shown (for tests and the log)</extracomment>
        <translation>Kein Artikel gefunden für {link}</translation>
    </message>
    <message>
        <source>No program on this computer opens {link}; the link was copied to the clipboard</source>
        <translation>Kein Programm auf diesem Computer öffnet {link}; der Link wurde in die Zwischenablage kopiert</translation>
    </message>
    <message>
        <source>That link cannot be opened from kbdesk</source>
        <translation>Dieser Link kann in kbdesk nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Opens the article {article}</source>
        <translation>Öffnet den Artikel {article}</translation>
    </message>
    <message>
        <source>Goes to that part of the article</source>
        <translation>Springt zu diesem Teil des Artikels</translation>
    </message>
    <message>
        <source>Opens {link} outside kbdesk</source>
        <translation>Öffnet {link} außerhalb von kbdesk</translation>
    </message>
    <message>
        <source>kbdesk does not open this kind of link</source>
        <translation>Diese Art von Link öffnet kbdesk nicht</translation>
    </message>
    <message>
        <source>In this article:</source>
        <translation>In diesem Artikel:</translation>
    </message>
    <message>
        <source>Copies a code block to the clipboard</source>
        <translation>Kopiert einen Codeblock in die Zwischenablage</translation>
    </message>
    <message>
        <source>Copy “{code}”</source>
        <translation>„{code}“ kopieren</translation>
    </message>
    <message>
        <source>Copies code block {number} to the clipboard: {code}</source>
        <translation>Kopiert Codeblock {number} in die Zwischenablage: {code}</translation>
    </message>
</context>
<context>
    <name>bundle_view</name>
    <message>
        <source>not about my problem</source>
        <extracomment>why an article did not help, as the timeline says it (English, translated where shown)</extracomment>
        <translation>nicht mein Problem</translation>
    </message>
    <message>
        <source>didn&apos;t work</source>
        <translation>hat nicht funktioniert</translation>
    </message>
    <message>
        <source>hard to follow</source>
        <translation>schwer zu verstehen</translation>
    </message>
    <message>
        <source>other</source>
        <translation>anderes</translation>
    </message>
    <message>
        <source>high</source>
        <extracomment>the ticket&apos;s impact and urgency levels (kbdesk.core.bundle.LEVELS)</extracomment>
        <translation>hoch</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>search</source>
        <extracomment>the kinds of trail events, as the timeline&apos;s Event column names them</extracomment>
        <translation>Suche</translation>
    </message>
    <message>
        <source>view</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>feedback</source>
        <translation>Rückmeldung</translation>
    </message>
    <message>
        <source>escalation</source>
        <translation>Anfrage</translation>
    </message>
    <message numerus="yes">
        <source>Intact — all %n files match the manifest</source>
        <translation>
            <numerusform>Unverändert – die Datei stimmt mit dem Manifest überein</numerusform>
            <numerusform>Unverändert – alle %Ln Dateien stimmen mit dem Manifest überein</numerusform>
        </translation>
    </message>
    <message>
        <source>changed {files}</source>
        <translation>geändert: {files}</translation>
    </message>
    <message>
        <source>missing {files}</source>
        <translation>fehlt: {files}</translation>
    </message>
    <message>
        <source>extra {files}</source>
        <translation>zusätzlich: {files}</translation>
    </message>
    <message>
        <source>error: {error}</source>
        <translation>Fehler: {error}</translation>
    </message>
    <message>
        <source>Tampered: {problems}</source>
        <translation>Verändert: {problems}</translation>
    </message>
    <message>
        <source>no article matched well</source>
        <translation>kein Artikel passte wirklich</translation>
    </message>
    <message>
        <source>no article found</source>
        <translation>kein Artikel gefunden</translation>
    </message>
    <message numerus="yes">
        <source>%n results</source>
        <translation>
            <numerusform>%Ln Ergebnis</numerusform>
            <numerusform>%Ln Ergebnisse</numerusform>
        </translation>
    </message>
    <message>
        <source>? results</source>
        <translation>? Ergebnisse</translation>
    </message>
    <message>
        <source>searched “{query}” ({found})</source>
        <translation>suchte „{query}“ ({found})</translation>
    </message>
    <message>
        <source>opened {article} for {time}</source>
        <translation>öffnete {article} für {time}</translation>
    </message>
    <message>
        <source>opened {article}</source>
        <translation>öffnete {article}</translation>
    </message>
    <message>
        <source>rated {article} helpful</source>
        <translation>fand {article} hilfreich</translation>
    </message>
    <message>
        <source>rated {article} not helpful: {reason}</source>
        <translation>fand {article} nicht hilfreich: {reason}</translation>
    </message>
    <message>
        <source>rated {article} not helpful</source>
        <translation>fand {article} nicht hilfreich</translation>
    </message>
    <message>
        <source>asked for help: {summary}</source>
        <translation>bat um Hilfe: {summary}</translation>
    </message>
    <message>
        <source>← Back to search</source>
        <extracomment>the bundle was read (OpenedBundle) or refused (the exception) the matching articles arrived (list of SearchHit)</extracomment>
        <translation>← Zurück zur Suche</translation>
    </message>
    <message>
        <source>Integrity</source>
        <translation>Unversehrtheit</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <source>What the user tried</source>
        <translation>Was bereits versucht wurde</translation>
    </message>
    <message>
        <source>Diagnostics sections</source>
        <translation>Abschnitte der Diagnose</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Diagnostic values</source>
        <translation>Diagnosewerte</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Anhänge</translation>
    </message>
    <message>
        <source>&amp;Open with the system&apos;s application</source>
        <translation>Mit der Anwendung des Systems &amp;öffnen</translation>
    </message>
    <message>
        <source>Opens the copy in kbdesk&apos;s private temporary folder</source>
        <translation>Öffnet die Kopie in kbdesks privatem temporärem Ordner</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>Ersetzt</translation>
    </message>
    <message>
        <source>Redaction report</source>
        <translation>Bericht über die Schwärzung</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>Redaction and consent</source>
        <translation>Schwärzung und Zustimmung</translation>
    </message>
    <message>
        <source>Matching articles</source>
        <translation>Passende Artikel</translation>
    </message>
    <message>
        <source>What kbdesk found on the user&apos;s computer</source>
        <translation>Was kbdesk auf dem Computer des Benutzers gefunden hat</translation>
    </message>
    <message>
        <source>Checking the bundle…</source>
        <translation>Das Paket wird geprüft…</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Cannot open this bundle</source>
        <translation>Dieses Paket kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>created {time} by kbdesk {version}</source>
        <translation>erstellt am {time} von kbdesk {version}</translation>
    </message>
    <message numerus="yes">
        <source>%n bytes</source>
        <translation>
            <numerusform>%Ln Byte</numerusform>
            <numerusform>%Ln Byte</numerusform>
        </translation>
    </message>
    <message>
        <source>Attachments ({count})</source>
        <translation>Anhänge ({count})</translation>
    </message>
    <message>
        <source>The ticket could not be read.</source>
        <translation>Das Ticket konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>{priority} (impact {impact}, urgency {urgency})</source>
        <translation>{priority} (Auswirkung {impact}, Dringlichkeit {urgency})</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Knowledge base the user searched</source>
        <translation>Vom Benutzer durchsuchte Wissensdatenbank</translation>
    </message>
    <message>
        <source>Problems reading the bundle</source>
        <translation>Probleme beim Lesen des Pakets</translation>
    </message>
    <message>
        <source>No self-service history was included.</source>
        <translation>Es wurde kein Verlauf der Selbsthilfe mitgeschickt.</translation>
    </message>
    <message>
        <source>{section} (failed)</source>
        <translation>{section} (fehlgeschlagen)</translation>
    </message>
    <message>
        <source>Diagnostics ({count})</source>
        <translation>Diagnose ({count})</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Alle Dateien</translation>
    </message>
    <message>
        <source>Kept by the user (not redacted)</source>
        <translation>Vom Benutzer behalten (nicht geschwärzt)</translation>
    </message>
    <message>
        <source>not text: sent as it was</source>
        <translation>kein Text: unverändert mitgeschickt</translation>
    </message>
    <message>
        <source>User agreed at</source>
        <translation>Zustimmung des Benutzers am</translation>
    </message>
    <message>
        <source>Left out by the user</source>
        <translation>Vom Benutzer weggelassen</translation>
    </message>
    <message numerus="yes">
        <source>What kbdesk found (%n checks fired of {evaluated})</source>
        <translation>
            <numerusform>Was kbdesk gefunden hat (%Ln von {evaluated} Prüfungen ausgelöst)</numerusform>
            <numerusform>Was kbdesk gefunden hat (%Ln von {evaluated} Prüfungen ausgelöst)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>What kbdesk found (%n checks fired)</source>
        <translation>
            <numerusform>Was kbdesk gefunden hat (%Ln Prüfung ausgelöst)</numerusform>
            <numerusform>Was kbdesk gefunden hat (%Ln Prüfungen ausgelöst)</numerusform>
        </translation>
    </message>
    <message>
        <source>No check of the articles fired on the user&apos;s computer.</source>
        <translation>Auf dem Computer des Benutzers wurde keine Prüfung der Artikel ausgelöst.</translation>
    </message>
    <message>
        <source>(no search index available)</source>
        <translation>(kein Suchindex verfügbar)</translation>
    </message>
    <message>
        <source>Matching articles (searching…)</source>
        <translation>Passende Artikel (Suche läuft…)</translation>
    </message>
    <message>
        <source>{id} · score {score}</source>
        <translation>{id} · Wert {score}</translation>
    </message>
    <message>
        <source>No article matches the ticket&apos;s words.</source>
        <translation>Kein Artikel passt zu den Worten des Tickets.</translation>
    </message>
    <message>
        <source>Search failed</source>
        <translation>Die Suche ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>No program on this computer opens {file}; its path was copied to the clipboard: {path}</source>
        <translation>Kein Programm auf diesem Computer öffnet {file}; der Pfad wurde in die Zwischenablage kopiert: {path}</translation>
    </message>
    <message>
        <source>Open a support bundle</source>
        <translation>Ein Supportpaket öffnen</translation>
    </message>
    <message>
        <source>Support bundles (*{suffix})</source>
        <translation>Supportpakete (*{suffix})</translation>
    </message>
</context>
<context>
    <name>charts</name>
    <message>
        <source>Nothing to show yet.</source>
        <extracomment>the series colours: blue, orange, teal, red (distinguishable with the common colour-vision deficiencies) one value per series (stacked left to right) the text at the end of the bar (&quot;12&quot;, &quot;75% helpful&quot;) None: no data for this period (drawn as a gap)</extracomment>
        <translation>Noch nichts anzuzeigen.</translation>
    </message>
    <message>
        <source>Bar chart</source>
        <translation>Balkendiagramm</translation>
    </message>
    <message>
        <source>Column chart</source>
        <translation>Säulendiagramm</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>keine Daten</translation>
    </message>
</context>
<context>
    <name>checks_view</name>
    <message>
        <source>kbdesk noticed</source>
        <extracomment>coming back to kbdesk after this long runs the checks again (a disk fills, a network drops, within minutes) findings named in the banner at once; more are counted (&quot;and 2 more&quot;) a list of findings grows with its rows up to this height, then scrolls the findings to show (dicts, dismissed ones left out); an empty list hides the banner every evaluation (tests and benchmarks wait on it)</extracomment>
        <translation>kbdesk ist aufgefallen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Hide this until kbdesk is started again</source>
        <translation>Bis zum nächsten Start von kbdesk ausblenden</translation>
    </message>
    <message>
        <source>Hide what kbdesk noticed</source>
        <translation>Ausblenden, was kbdesk aufgefallen ist</translation>
    </message>
    <message>
        <source>kbdesk noticed: {findings}</source>
        <translation>kbdesk ist aufgefallen: {findings}</translation>
    </message>
    <message>
        <source>kbdesk noticed: {finding}</source>
        <translation>kbdesk ist aufgefallen: {finding}</translation>
    </message>
    <message>
        <source>Read “{title}”</source>
        <translation>„{title}“ lesen</translation>
    </message>
    <message>
        <source>Opens the article {title}</source>
        <translation>Öffnet den Artikel {title}</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more: show all</source>
        <translation>
            <numerusform>… und %Ln weiteres: alle zeigen</numerusform>
            <numerusform>… und %Ln weitere: alle zeigen</numerusform>
        </translation>
    </message>
    <message>
        <source>What kbdesk found</source>
        <extracomment>a third line with the facts behind each finding (for agents; people read the sentence)</extracomment>
        <translation>Was kbdesk gefunden hat</translation>
    </message>
    <message>
        <source>found: {evidence}</source>
        <translation>gefunden: {evidence}</translation>
    </message>
    <message>
        <source>{article} · check {check}: {when}</source>
        <translation>{article} · Prüfung {check}: {when}</translation>
    </message>
    <message>
        <source>Found: {evidence}</source>
        <translation>Gefunden: {evidence}</translation>
    </message>
    <message>
        <source>Before you send</source>
        <translation>Bevor Sie senden</translation>
    </message>
    <message>
        <source>kbdesk first looks at this computer for problems an article already fixes.</source>
        <translation>kbdesk sucht auf diesem Computer zuerst nach Problemen, die ein Artikel schon behebt.</translation>
    </message>
    <message>
        <source>Checking this computer…</source>
        <translation>Dieser Computer wird geprüft…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Wird geprüft</translation>
    </message>
    <message>
        <source>&amp;Open the article</source>
        <translation>Artikel ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Close this and read the article; you can contact support afterwards</source>
        <translation>Dies schließen und den Artikel lesen; den Support können Sie danach noch kontaktieren</translation>
    </message>
    <message>
        <source>Try the article first: it is usually faster than waiting for the service desk. If it does not help, click &lt;b&gt;Next&lt;/b&gt; to contact support; what kbdesk found goes into the bundle.</source>
        <translation>Probieren Sie zuerst den Artikel aus: Das geht meist schneller, als auf den Servicedesk zu warten. Wenn er nicht hilft, klicken Sie auf &lt;b&gt;Weiter&lt;/b&gt;, um den Support zu kontaktieren; was kbdesk gefunden hat, kommt mit ins Paket.</translation>
    </message>
    <message>
        <source>kbdesk found nothing on this computer that an article fixes.</source>
        <translation>kbdesk hat auf diesem Computer nichts gefunden, was ein Artikel behebt.</translation>
    </message>
    <message>
        <source>Before you send: kbdesk found that {found} “{title}” fixes that.</source>
        <translation>Bevor Sie senden: kbdesk hat festgestellt: {found} Der Artikel „{title}“ behebt das.</translation>
    </message>
    <message numerus="yes">
        <source>(%n findings below.)</source>
        <translation>
            <numerusform>(%Ln Fund unten.)</numerusform>
            <numerusform>(%Ln Funde unten.)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>desk_service</name>
    <message>
        <source>A waiting request was sent to desk &apos;{desk}&apos;: ticket {ticket}</source>
        <extracomment>with nothing to retry, look at the outbox again this often: a bundle queued by ``kbdesk bundle send`` in a terminal is then retried by the running app too (reading the outbox takes about a millisecond) never sooner than this after a flush: a due entry that cannot be sent must not spin the timer after a flush that could not run (another kbdesk held the outbox lock for 30 s) a bundle reached its desk (a SendResult with the ticket), from :meth:`send` or the retry timer something was sent, queued or held: &quot;My requests&quot; reads its rows again a flush of the outbox ended (the FlushReport, or the exception that stopped it) the IT policy was (re)read &quot;send now&quot; was asked while a flush ran: one more, of everything, when it ends</extracomment>
        <translation>Eine wartende Anfrage wurde an den Servicedesk „{desk}“ geschickt: Ticket {ticket}</translation>
    </message>
    <message>
        <source>A waiting request was sent to desk &apos;{desk}&apos; by e-mail</source>
        <translation>Eine wartende Anfrage wurde per E-Mail an den Servicedesk „{desk}“ geschickt</translation>
    </message>
</context>
<context>
    <name>desk_settings</name>
    <message>
        <source>Request Tracker</source>
        <translation>Request Tracker</translation>
    </message>
    <message>
        <source>E-mail (SMTP)</source>
        <translation>E-Mail (SMTP)</translation>
    </message>
    <message>
        <source>A folder</source>
        <translation>Ein Ordner</translation>
    </message>
    <message>
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS (Port 587)</translation>
    </message>
    <message>
        <source>TLS (port 465)</source>
        <translation>TLS (Port 465)</translation>
    </message>
    <message>
        <source>None (a local relay, no login)</source>
        <translation>Keine (ein lokaler Relay-Server, ohne Anmeldung)</translation>
    </message>
    <message>
        <source>Reading the IT policy…</source>
        <extracomment>the keys this page edits, per kind; anything else in a desk&apos;s table (priorities, ca_file, timeout, allow_http) is kept as it was the desk existed when the dialog opened (its name and kind are then fixed) set by the IT policy: shown, tested, never changed the desk kept its secret in the keyring when the dialog opened a connection test finished: (desk name, the DeskCheck or the exception) the policy was read and the page can be used</extracomment>
        <translation>Die IT-Richtlinie wird gelesen…</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinie</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Servicedesk</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>Set up another service desk</source>
        <translation>Einen weiteren Servicedesk einrichten</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>De&amp;sk:</source>
        <translation>Ser&amp;vicedesk:</translation>
    </message>
    <message>
        <source>No service desk is set up: “Contact support” saves the request as a file for you to send. Add a desk to have kbdesk deliver requests itself.</source>
        <translation>Es ist kein Servicedesk eingerichtet: „Support kontaktieren“ speichert die Anfrage als Datei, die Sie selbst verschicken. Fügen Sie einen Servicedesk hinzu, damit kbdesk Anfragen selbst zustellt.</translation>
    </message>
    <message>
        <source>Send “Contact support” requests to this desk</source>
        <translation>Anfragen von „Support kontaktieren“ an diesen Servicedesk schicken</translation>
    </message>
    <message>
        <source>Kind of desk</source>
        <translation>Art des Servicedesks</translation>
    </message>
    <message>
        <source>https://rt.example.org</source>
        <translation>https://rt.example.org</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>&amp;Queue:</source>
        <translation>&amp;Queue:</translation>
    </message>
    <message>
        <source>smtp.example.org</source>
        <translation>smtp.example.org</translation>
    </message>
    <message>
        <source>Mail server</source>
        <translation>Mailserver</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>Verschlüsselung</translation>
    </message>
    <message>
        <source>helpdesk@example.org</source>
        <translation>helpdesk@example.org</translation>
    </message>
    <message>
        <source>Desk address</source>
        <translation>Adresse des Servicedesks</translation>
    </message>
    <message>
        <source>optional: the sender address (default: the contact)</source>
        <translation>optional: die Absenderadresse (Standard: der Kontakt)</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Absender</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>A&amp;bsender:</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>F&amp;older:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>the system keyring</source>
        <translation>dem Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>an environment variable</source>
        <translation>einer Umgebungsvariablen</translation>
    </message>
    <message>
        <source>Keep the secret in</source>
        <translation>Das Geheimnis aufbewahren in</translation>
    </message>
    <message>
        <source>Token or password</source>
        <translation>Token oder Passwort</translation>
    </message>
    <message>
        <source>RT_TOKEN</source>
        <comment>an environment variable&apos;s name</comment>
        <translation>RT_TOKEN</translation>
    </message>
    <message>
        <source>Environment variable</source>
        <translation>Umgebungsvariable</translation>
    </message>
    <message>
        <source>Signing in</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>Ben&amp;utzername:</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <source>Addr&amp;ess:</source>
        <translation>Adre&amp;sse:</translation>
    </message>
    <message>
        <source>Ser&amp;ver:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>E&amp;ncryption:</source>
        <translation>Vers&amp;chlüsselung:</translation>
    </message>
    <message>
        <source>Desk&apos;s addr&amp;ess:</source>
        <translation>Adresse des Servicedes&amp;ks:</translation>
    </message>
    <message>
        <source>Kee&amp;p it in:</source>
        <translation>Aufbewahren &amp;in:</translation>
    </message>
    <message>
        <source>Varia&amp;ble:</source>
        <translation>V&amp;ariable:</translation>
    </message>
    <message>
        <source>Test &amp;connection</source>
        <translation>Verbi&amp;ndung testen</translation>
    </message>
    <message>
        <source>Reach the desk, sign in and check that requests can be created (creates none)</source>
        <translation>Den Servicedesk erreichen, sich anmelden und prüfen, ob Anfragen angelegt werden können (legt keine an)</translation>
    </message>
    <message>
        <source>Connection test</source>
        <translation>Verbindungstest</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>A&amp;rt:</translation>
    </message>
    <message>
        <source>🔒 Set by your IT department: {reason}</source>
        <translation>🔒 Von Ihrer IT-Abteilung festgelegt: {reason}</translation>
    </message>
    <message>
        <source>🔒 Set by your IT department and not changeable here: {desks}.</source>
        <translation>🔒 Von Ihrer IT-Abteilung festgelegt und hier nicht änderbar: {desks}.</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(Standard)</translation>
    </message>
    <message>
        <source>Set by your IT department</source>
        <translation>Von Ihrer IT-Abteilung festgelegt</translation>
    </message>
    <message>
        <source>empty: sign in with an auth token</source>
        <translation>leer: Anmeldung mit einem Auth-Token</translation>
    </message>
    <message>
        <source>empty: the server needs no login</source>
        <translation>leer: der Server braucht keine Anmeldung</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>in the system keyring: type a token to store or replace it</source>
        <translation>im Schlüsselbund des Systems: ein Token eingeben, um es zu speichern oder zu ersetzen</translation>
    </message>
    <message>
        <source>in the system keyring: type a password to store or replace it</source>
        <translation>im Schlüsselbund des Systems: ein Passwort eingeben, um es zu speichern oder zu ersetzen</translation>
    </message>
    <message>
        <source>the token; kept in the system keyring, never in the settings file</source>
        <translation>das Token; wird im Schlüsselbund des Systems aufbewahrt, nie in der Einstellungsdatei</translation>
    </message>
    <message>
        <source>the password; kept in the system keyring, never in the settings file</source>
        <translation>das Passwort; wird im Schlüsselbund des Systems aufbewahrt, nie in der Einstellungsdatei</translation>
    </message>
    <message>
        <source>The folder bundles are copied to</source>
        <translation>Der Ordner, in den Supportpakete kopiert werden</translation>
    </message>
    <message>
        <source>no desk is chosen</source>
        <translation>kein Servicedesk ausgewählt</translation>
    </message>
    <message>
        <source>Add a service desk</source>
        <translation>Einen Servicedesk hinzufügen</translation>
    </message>
    <message>
        <source>A short name for the desk (e.g. helpdesk):</source>
        <translation>Ein kurzer Name für den Servicedesk (z. B. helpdesk):</translation>
    </message>
    <message>
        <source>Remove the desk</source>
        <translation>Den Servicedesk entfernen</translation>
    </message>
    <message>
        <source>Remove desk &apos;{desk}&apos;? Requests already sent stay in My requests; any still waiting for this desk stay in the outbox until a desk of this name is set up again.</source>
        <translation>Den Servicedesk „{desk}“ entfernen? Bereits verschickte Anfragen bleiben unter „Meine Anfragen“; noch wartende bleiben im Postausgang, bis wieder ein Servicedesk mit diesem Namen eingerichtet ist.</translation>
    </message>
    <message>
        <source>Cannot test</source>
        <translation>Test nicht möglich</translation>
    </message>
    <message>
        <source>Type the token first.</source>
        <translation>Geben Sie zuerst das Token ein.</translation>
    </message>
    <message>
        <source>Type the password first.</source>
        <translation>Geben Sie zuerst das Passwort ein.</translation>
    </message>
    <message>
        <source>Connecting to {desk}…</source>
        <translation>Verbindung zu {desk} wird hergestellt…</translation>
    </message>
    <message>
        <source>✔ Connected in {ms} ms:</source>
        <translation>✔ Verbunden in {ms} ms:</translation>
    </message>
    <message>
        <source>✖ Connected in {ms} ms, but requests cannot be created:</source>
        <translation>✖ Verbunden in {ms} ms, aber Anfragen können nicht angelegt werden:</translation>
    </message>
    <message>
        <source>Connection test failed</source>
        <translation>Der Verbindungstest ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>desk &apos;{desk}&apos;: type its token</source>
        <translation>Servicedesk „{desk}“: geben Sie sein Token ein</translation>
    </message>
    <message>
        <source>desk &apos;{desk}&apos;: type its password</source>
        <translation>Servicedesk „{desk}“: geben Sie sein Passwort ein</translation>
    </message>
    <message>
        <source>It is kept in the system keyring (or choose an environment variable).</source>
        <translation>Es wird im Schlüsselbund des Systems aufbewahrt (oder wählen Sie eine Umgebungsvariable).</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>unexpected error ({kind}); see the log</source>
        <translation>unerwarteter Fehler ({kind}); siehe Protokoll</translation>
    </message>
    <message>
        <source>no details</source>
        <translation>keine Einzelheiten</translation>
    </message>
</context>
<context>
    <name>escalation_pages</name>
    <message>
        <source>High: many people or a whole team</source>
        <extracomment>the preview pane shows at most this much of one item (the bundle gets all of it)</extracomment>
        <translation>Hoch: viele Personen oder ein ganzes Team</translation>
    </message>
    <message>
        <source>Medium: a few people</source>
        <translation>Mittel: einige Personen</translation>
    </message>
    <message>
        <source>Low: only me, and I can work around it</source>
        <translation>Niedrig: nur ich, und ich komme vorerst ohne aus</translation>
    </message>
    <message>
        <source>High: work has stopped</source>
        <translation>Hoch: die Arbeit steht still</translation>
    </message>
    <message>
        <source>Medium: work is slowed down</source>
        <translation>Mittel: die Arbeit ist verlangsamt</translation>
    </message>
    <message>
        <source>Low: it can wait</source>
        <translation>Niedrig: es kann warten</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Anhang</translation>
    </message>
    <message>
        <source>Describe the problem</source>
        <translation>Beschreiben Sie das Problem</translation>
    </message>
    <message>
        <source>The service desk reads this first. Say what you tried to do and what happened instead.</source>
        <translation>Das liest der Servicedesk zuerst. Schreiben Sie, was Sie tun wollten und was stattdessen passiert ist.</translation>
    </message>
    <message>
        <source>One line, e.g. “VPN disconnects every few minutes”</source>
        <translation>Eine Zeile, z. B. „VPN trennt alle paar Minuten die Verbindung“</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>What happened, since when, the exact error message…</source>
        <translation>Was passiert ist, seit wann, die genaue Fehlermeldung…</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Auswirkung</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Dringlichkeit</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Phone or e-mail (not redacted: it is how they reach you)</source>
        <translation>Telefon oder E-Mail (wird nicht geschwärzt: so erreicht man Sie)</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>&amp;Summary:</source>
        <translation>Zusammen&amp;fassung:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>&amp;Impact:</source>
        <translation>A&amp;uswirkung:</translation>
    </message>
    <message>
        <source>&amp;Urgency:</source>
        <translation>&amp;Dringlichkeit:</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Priorität:</translation>
    </message>
    <message>
        <source>&amp;Contact:</source>
        <translation>&amp;Kontakt:</translation>
    </message>
    <message>
        <source>{priority} (from impact × urgency)</source>
        <translation>{priority} (aus Auswirkung × Dringlichkeit)</translation>
    </message>
    <message>
        <source>What will be sent</source>
        <translation>Was verschickt wird</translation>
    </message>
    <message>
        <source>This is exactly what the bundle will hold, after secrets and personal data were replaced by placeholders such as &lt;EMAIL-1&gt;. Untick anything you do not want to send.</source>
        <translation>Genau das wird das Paket enthalten, nachdem Geheimnisse und persönliche Daten durch Platzhalter wie &lt;EMAIL-1&gt; ersetzt wurden. Entfernen Sie das Häkchen bei allem, was Sie nicht verschicken wollen.</translation>
    </message>
    <message>
        <source>Collecting diagnostics…</source>
        <translation>Diagnosedaten werden gesammelt…</translation>
    </message>
    <message>
        <source>Collecting</source>
        <translation>Wird gesammelt</translation>
    </message>
    <message>
        <source>Items to send</source>
        <translation>Zu verschickende Teile</translation>
    </message>
    <message>
        <source>Redacted in this item</source>
        <translation>In diesem Teil geschwärzt</translation>
    </message>
    <message>
        <source>Redacted content</source>
        <translation>Geschwärzter Inhalt</translation>
    </message>
    <message>
        <source>Keep as they are (not replaced by placeholders)</source>
        <translation>Unverändert lassen (nicht durch Platzhalter ersetzen)</translation>
    </message>
    <message>
        <source>Secrets and card numbers are always removed.</source>
        <translation>Geheimnisse und Kartennummern werden immer entfernt.</translation>
    </message>
    <message>
        <source>Always replaced: {reason}</source>
        <translation>Wird immer ersetzt: {reason}</translation>
    </message>
    <message>
        <source>&amp;Add files…</source>
        <translation>Dateien &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Attach a screenshot, a log or another file</source>
        <translation>Ein Bildschirmfoto, ein Protokoll oder eine andere Datei anhängen</translation>
    </message>
    <message>
        <source>Tick an item to send it; click it to see its redacted content.</source>
        <translation>Setzen Sie ein Häkchen, um einen Teil zu verschicken; klicken Sie ihn an, um seinen geschwärzten Inhalt zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>%n bytes</source>
        <translation>
            <numerusform>%Ln Byte</numerusform>
            <numerusform>%Ln Byte</numerusform>
        </translation>
    </message>
    <message>
        <source>always sent</source>
        <translation>wird immer verschickt</translation>
    </message>
    <message>
        <source>{sent}, {left_out} left out.</source>
        <translation>{sent}, {left_out} weggelassen.</translation>
    </message>
    <message numerus="yes">
        <source>%n items will be sent</source>
        <translation>
            <numerusform>%Ln Teil wird verschickt</numerusform>
            <numerusform>%Ln Teile werden verschickt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n items will be sent.</source>
        <translation>
            <numerusform>%Ln Teil wird verschickt.</numerusform>
            <numerusform>%Ln Teile werden verschickt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Replaced in total: {counts}.</source>
        <translation>Insgesamt ersetzt: {counts}.</translation>
    </message>
    <message>
        <source>No diagnostics or log are collected: {reason}.</source>
        <translation>Es werden keine Diagnosedaten und kein Protokoll gesammelt: {reason}.</translation>
    </message>
    <message>
        <source>Also recorded, so the agent reads the same articles: {sources}</source>
        <translation>Außerdem wird festgehalten, damit der Support dieselben Artikel liest: {sources}</translation>
    </message>
    <message numerus="yes">
        <source>%n more characters</source>
        <translation>
            <numerusform>%Ln weiteres Zeichen</numerusform>
            <numerusform>%Ln weitere Zeichen</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Not text: cannot be redacted.&lt;/b&gt; It is sent exactly as it is.</source>
        <translation>&lt;b&gt;Kein Text: kann nicht geschwärzt werden.&lt;/b&gt; Er wird genau so verschickt, wie er ist.</translation>
    </message>
    <message>
        <source>Replaced in this item: {counts}</source>
        <translation>In diesem Teil ersetzt: {counts}</translation>
    </message>
    <message>
        <source>Nothing needed replacing in this item.</source>
        <translation>In diesem Teil musste nichts ersetzt werden.</translation>
    </message>
    <message>
        <source>&lt;i&gt;Left out: this item will not be sent.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Weggelassen: dieser Teil wird nicht verschickt.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>not redactable</source>
        <translation>nicht schwärzbar</translation>
    </message>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>%Ln ersetzt</numerusform>
            <numerusform>%Ln ersetzt</numerusform>
        </translation>
    </message>
    <message>
        <source>nothing replaced</source>
        <translation>nichts ersetzt</translation>
    </message>
</context>
<context>
    <name>escalation_send</name>
    <message>
        <source>Save the bundle</source>
        <translation>Das Paket speichern</translation>
    </message>
    <message>
        <source>The bundle is one file that you send to the service desk. It is not sent anywhere by kbdesk.</source>
        <translation>Das Paket ist eine einzige Datei, die Sie an den Servicedesk schicken. kbdesk verschickt es nirgendwohin.</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Speichern unter</translation>
    </message>
    <message>
        <source>I have reviewed exactly what will be saved, and I agree to send it to the service desk.</source>
        <translation>Ich habe genau geprüft, was gespeichert wird, und bin einverstanden, es an den Servicedesk zu schicken.</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Zustimmung</translation>
    </message>
    <message>
        <source>Only save it as a file; I will send it myself</source>
        <extracomment>the lane and tag of writing a bundle (closing the wizard drops a late result) sending it: closing the wizard drops the wizard&apos;s part of a late answer (the outbox keeps its own) the bundle was written (BundleInfo) writing failed: what to tell the person sending ended: the SendResult (sent, queued or held), or the exception that stopped it before the outbox the bundle once written the desk requests go to (None: no desk is set up; the page saves a file) how sending went: the desk&apos;s answer, or why it never reached the outbox (and that, worded)</extracomment>
        <translation>Nur als Datei speichern; ich verschicke sie selbst</translation>
    </message>
    <message>
        <source>Save &amp;as:</source>
        <translation>Speichern &amp;unter:</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>Du&amp;rchsuchen…</translation>
    </message>
    <message>
        <source>Send it to the service desk “{desk}” now</source>
        <translation>Jetzt an den Servicedesk „{desk}“ schicken</translation>
    </message>
    <message>
        <source>Send your request</source>
        <translation>Ihre Anfrage schicken</translation>
    </message>
    <message>
        <source>kbdesk sends the bundle to the service desk once you agree; a copy stays on this computer. If the desk cannot be reached, kbdesk keeps it and sends it by itself later.</source>
        <translation>kbdesk schickt das Paket an den Servicedesk, sobald Sie zustimmen; eine Kopie bleibt auf diesem Computer. Ist der Servicedesk nicht erreichbar, behält kbdesk es und schickt es später von selbst.</translation>
    </message>
    <message>
        <source>Keep a copy as:</source>
        <translation>Eine Kopie behalten als:</translation>
    </message>
    <message>
        <source>I have reviewed exactly what will be sent, and I agree to send it to the service desk.</source>
        <translation>Ich habe genau geprüft, was verschickt wird, und bin einverstanden, es an den Servicedesk zu schicken.</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>Speichern unter:</translation>
    </message>
    <message>
        <source>&amp;Save bundle</source>
        <translation>Paket &amp;speichern</translation>
    </message>
    <message numerus="yes">
        <source>%n items</source>
        <translation>
            <numerusform>%Ln Teil</numerusform>
            <numerusform>%Ln Teile</numerusform>
        </translation>
    </message>
    <message>
        <source>{count} go in the bundle: {names}.</source>
        <translation>{count} kommen ins Paket: {names}.</translation>
    </message>
    <message>
        <source>Open the &amp;ticket</source>
        <translation>&amp;Ticket öffnen</translation>
    </message>
    <message>
        <source>Open the ticket&apos;s page at the service desk in your browser</source>
        <translation>Die Seite des Tickets beim Servicedesk im Browser öffnen</translation>
    </message>
    <message>
        <source>My &amp;requests</source>
        <translation>Meine &amp;Anfragen</translation>
    </message>
    <message>
        <source>Your requests and their status at the service desk (Help &gt; My requests)</source>
        <translation>Ihre Anfragen und ihr Stand beim Servicedesk (Hilfe &gt; Meine Anfragen)</translation>
    </message>
    <message>
        <source>&amp;Show in folder</source>
        <translation>Im &amp;Ordner zeigen</translation>
    </message>
    <message>
        <source>Left out: {names}.</source>
        <translation>Weggelassen: {names}.</translation>
    </message>
    <message>
        <source>Kept as they are:</source>
        <translation>Unverändert bleiben:</translation>
    </message>
    <message>
        <source>Kept as they are: nothing; every secret and all personal data found were replaced.</source>
        <translation>Unverändert bleibt: nichts; jedes gefundene Geheimnis und alle persönlichen Daten wurden ersetzt.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <comment>seconds</comment>
        <translation>
            <numerusform>%Ln s</numerusform>
            <numerusform>%Ln s</numerusform>
        </translation>
    </message>
    <message>
        <source>Sending to the service desk “{desk}”… (at most {timeout} if it does not answer)</source>
        <translation>Wird an den Servicedesk „{desk}“ geschickt… (höchstens {timeout}, wenn er nicht antwortet)</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Nicht verschickt</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Nicht gespeichert</translation>
    </message>
    <message>
        <source>Save the support bundle</source>
        <translation>Das Supportpaket speichern</translation>
    </message>
    <message>
        <source>Support bundles (*{suffix})</source>
        <translation>Supportpakete (*{suffix})</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Compose &amp;e-mail</source>
        <translation>&amp;E-Mail verfassen</translation>
    </message>
    <message>
        <source>Open an e-mail draft to the service desk; attach the bundle to it yourself</source>
        <translation>Einen E-Mail-Entwurf an den Servicedesk öffnen; das Paket hängen Sie selbst an</translation>
    </message>
    <message>
        <source>Notice</source>
        <extracomment>what to do instead when no file manager or mail program took the request</extracomment>
        <translation>Hinweis</translation>
    </message>
    <message>
        <source>A copy is kept as {path} (SHA-256 {sha256}).</source>
        <translation>Eine Kopie liegt unter {path} (SHA-256 {sha256}).</translation>
    </message>
    <message>
        <source>Help › My requests</source>
        <translation>Hilfe › Meine Anfragen</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Verschickt</translation>
    </message>
    <message>
        <source>ticket {number}</source>
        <translation>Ticket {number}</translation>
    </message>
    <message>
        <source>Your request reached the service desk “{desk}”: {ticket}.</source>
        <translation>Ihre Anfrage ist beim Servicedesk „{desk}“ angekommen: {ticket}.</translation>
    </message>
    <message>
        <source>Your request was sent to the service desk “{desk}”; it answers with its ticket number.</source>
        <translation>Ihre Anfrage wurde an den Servicedesk „{desk}“ geschickt; er antwortet mit seiner Ticketnummer.</translation>
    </message>
    <message>
        <source>It was already there: nothing was sent twice.</source>
        <translation>Sie war schon dort: nichts wurde doppelt verschickt.</translation>
    </message>
    <message>
        <source>The desk contacts you about it; {my_requests} shows its status.</source>
        <translation>Der Servicedesk meldet sich dazu bei Ihnen; {my_requests} zeigt den Stand.</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In der Warteschlange</translation>
    </message>
    <message>
        <source>The service desk “{desk}” could not be reached just now ({reason}).</source>
        <translation>Der Servicedesk „{desk}“ war gerade nicht erreichbar ({reason}).</translation>
    </message>
    <message>
        <source>{queued} as soon as the desk answers, while kbdesk is running; nothing more to do. {my_requests} shows when it has gone.</source>
        <translation>{queued}, sobald der Servicedesk antwortet, solange kbdesk läuft; Sie müssen nichts weiter tun. {my_requests} zeigt, wann sie verschickt ist.</translation>
    </message>
    <message>
        <source>Your request is queued and will be sent automatically</source>
        <translation>Ihre Anfrage wartet und wird automatisch verschickt</translation>
    </message>
    <message>
        <source>Not sent yet</source>
        <translation>Noch nicht verschickt</translation>
    </message>
    <message>
        <source>The service desk “{desk}” did not accept the request: {reason}</source>
        <translation>Der Servicedesk „{desk}“ hat die Anfrage nicht angenommen: {reason}</translation>
    </message>
    <message>
        <source>It is kept, and sent once that is fixed (Settings › Service desk, then {send_now}). Or send the file yourself.</source>
        <translation>Sie wird aufbewahrt und verschickt, sobald das behoben ist (Einstellungen › Servicedesk, dann {send_now}). Oder verschicken Sie die Datei selbst.</translation>
    </message>
    <message>
        <source>Help › My requests › Send waiting requests now</source>
        <translation>Hilfe › Meine Anfragen › Wartende Anfragen jetzt senden</translation>
    </message>
    <message>
        <source>Saved, not sent</source>
        <translation>Gespeichert, nicht verschickt</translation>
    </message>
    <message>
        <source>The bundle was saved as {path} (SHA-256 {sha256}). Send this file to the service desk yourself.</source>
        <translation>Das Paket wurde als {path} gespeichert (SHA-256 {sha256}). Schicken Sie diese Datei selbst an den Servicedesk.</translation>
    </message>
    <message>
        <source>The bundle was saved as&lt;br&gt;&lt;b&gt;{path}&lt;/b&gt;&lt;br&gt;&lt;br&gt;SHA-256: &lt;code&gt;{sha256}&lt;/code&gt;&lt;br&gt;&lt;br&gt;Send this file to the service desk (attach it to an e-mail or upload it to your ticket). If they ask, read them the SHA-256 so they can check the file arrived unchanged.</source>
        <translation>Das Paket wurde gespeichert als&lt;br&gt;&lt;b&gt;{path}&lt;/b&gt;&lt;br&gt;&lt;br&gt;SHA-256: &lt;code&gt;{sha256}&lt;/code&gt;&lt;br&gt;&lt;br&gt;Schicken Sie diese Datei an den Servicedesk (als Anhang einer E-Mail oder hochgeladen zu Ihrem Ticket). Wenn man Sie fragt, lesen Sie den SHA-256-Wert vor, damit geprüft werden kann, dass die Datei unverändert angekommen ist.</translation>
    </message>
    <message>
        <source>No browser could be opened on this computer; the ticket&apos;s address was copied:
{url}</source>
        <translation>Auf diesem Computer konnte kein Browser geöffnet werden; die Adresse des Tickets wurde kopiert:
{url}</translation>
    </message>
    <message>
        <source>No file manager could be opened on this computer. The bundle is here (the path was copied to the clipboard):
{path}</source>
        <translation>Auf diesem Computer konnte kein Dateimanager geöffnet werden. Das Paket liegt hier (der Pfad wurde in die Zwischenablage kopiert):
{path}</translation>
    </message>
    <message>
        <source>Hello,

{summary}

Priority: {priority}

I attached the support bundle {file} (SHA-256 {sha256}).

PLEASE ATTACH THE FILE {file} TO THIS E-MAIL BEFORE SENDING (it is in {folder}).
</source>
        <translation>Guten Tag,

{summary}

Priorität: {priority}

Im Anhang finden Sie das Supportpaket {file} (SHA-256 {sha256}).

BITTE HÄNGEN SIE DIE DATEI {file} VOR DEM SENDEN AN DIESE E-MAIL AN (sie liegt in {folder}).
</translation>
    </message>
    <message>
        <source>Support request: {summary}</source>
        <translation>Supportanfrage: {summary}</translation>
    </message>
    <message>
        <source>the service desk</source>
        <translation>den Servicedesk</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>An:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Betreff:</translation>
    </message>
    <message>
        <source>No e-mail program is set up on this computer, so no draft could be opened. The e-mail (address, subject and text) was copied to the clipboard: paste it into your webmail, send it to {to} and attach {file} (in {folder}).</source>
        <translation>Auf diesem Computer ist kein E-Mail-Programm eingerichtet, daher konnte kein Entwurf geöffnet werden. Die E-Mail (Adresse, Betreff und Text) wurde in die Zwischenablage kopiert: Fügen Sie sie in Ihr Webmail ein, schicken Sie sie an {to} und hängen Sie {file} an (in {folder}).</translation>
    </message>
</context>
<context>
    <name>escalation_wizard</name>
    <message>
        <source>Collecting diagnostics…</source>
        <translation>Diagnosedaten werden gesammelt…</translation>
    </message>
    <message>
        <source>Contact support</source>
        <extracomment>every tag the wizard&apos;s background jobs use; closing the wizard drops their results a new preview is shown (tests wait on it) sending ended: the SendResult, or the exception that stopped it before the outbox</extracomment>
        <translation>Support kontaktieren</translation>
    </message>
    <message>
        <source>&amp;Save bundle</source>
        <extracomment>the window&apos;s service desks (None: the last page only saves a file) shows &quot;My requests&quot; (the done page&apos;s button after sending) what the articles&apos; checks found in this wizard&apos;s diagnostics (None until collected)</extracomment>
        <translation>Paket &amp;speichern</translation>
    </message>
    <message>
        <source>Redacting…</source>
        <translation>Wird geschwärzt…</translation>
    </message>
    <message>
        <source>Could not prepare the bundle</source>
        <translation>Das Paket konnte nicht vorbereitet werden</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <source>Reading files…</source>
        <translation>Dateien werden gelesen…</translation>
    </message>
</context>
<context>
    <name>escalation_words</name>
    <message>
        <source>Private keys</source>
        <extracomment>what each redaction category replaces, as a plural noun (&quot;E-mail addresses: 2&quot;)</extracomment>
        <translation>Private Schlüssel</translation>
    </message>
    <message>
        <source>AWS access keys</source>
        <translation>AWS-Zugriffsschlüssel</translation>
    </message>
    <message>
        <source>AWS secret keys</source>
        <translation>Geheime AWS-Schlüssel</translation>
    </message>
    <message>
        <source>GitHub tokens</source>
        <translation>GitHub-Tokens</translation>
    </message>
    <message>
        <source>Slack tokens</source>
        <translation>Slack-Tokens</translation>
    </message>
    <message>
        <source>Stripe keys</source>
        <translation>Stripe-Schlüssel</translation>
    </message>
    <message>
        <source>Google API keys</source>
        <translation>Google-API-Schlüssel</translation>
    </message>
    <message>
        <source>npm tokens</source>
        <translation>npm-Tokens</translation>
    </message>
    <message>
        <source>GitLab tokens</source>
        <translation>GitLab-Tokens</translation>
    </message>
    <message>
        <source>PyPI tokens</source>
        <translation>PyPI-Tokens</translation>
    </message>
    <message>
        <source>OpenAI and Anthropic API keys</source>
        <translation>API-Schlüssel von OpenAI und Anthropic</translation>
    </message>
    <message>
        <source>SendGrid API keys</source>
        <translation>SendGrid-API-Schlüssel</translation>
    </message>
    <message>
        <source>Mailchimp API keys</source>
        <translation>Mailchimp-API-Schlüssel</translation>
    </message>
    <message>
        <source>Twilio API keys</source>
        <translation>Twilio-API-Schlüssel</translation>
    </message>
    <message>
        <source>Square tokens</source>
        <translation>Square-Tokens</translation>
    </message>
    <message>
        <source>Telegram bot tokens</source>
        <translation>Telegram-Bot-Tokens</translation>
    </message>
    <message>
        <source>Discord bot tokens</source>
        <translation>Discord-Bot-Tokens</translation>
    </message>
    <message>
        <source>Azure keys and client secrets</source>
        <translation>Azure-Schlüssel und Client-Geheimnisse</translation>
    </message>
    <message>
        <source>Azure shared access signatures</source>
        <translation>Azure-SAS-Signaturen</translation>
    </message>
    <message>
        <source>Webhook addresses</source>
        <translation>Webhook-Adressen</translation>
    </message>
    <message>
        <source>JSON web tokens</source>
        <translation>JSON Web Tokens</translation>
    </message>
    <message>
        <source>Sign-in credentials in request headers</source>
        <translation>Anmeldedaten in Anfrage-Headern</translation>
    </message>
    <message>
        <source>Passwords</source>
        <translation>Passwörter</translation>
    </message>
    <message>
        <source>Keys, tokens and other secrets in settings</source>
        <translation>Schlüssel, Tokens und andere Geheimnisse in Einstellungen</translation>
    </message>
    <message>
        <source>Payment card numbers</source>
        <translation>Zahlungskartennummern</translation>
    </message>
    <message>
        <source>E-mail addresses</source>
        <extracomment>the &quot;keep as they are&quot; boxes of the review page (the personal-data kinds a person may keep)</extracomment>
        <translation>E-Mail-Adressen</translation>
    </message>
    <message>
        <source>Phone numbers</source>
        <translation>Telefonnummern</translation>
    </message>
    <message>
        <source>User names</source>
        <translation>Benutzernamen</translation>
    </message>
    <message>
        <source>This computer&apos;s name</source>
        <translation>Name dieses Computers</translation>
    </message>
    <message>
        <source>IPv4 addresses</source>
        <translation>IPv4-Adressen</translation>
    </message>
    <message>
        <source>IPv6 addresses</source>
        <translation>IPv6-Adressen</translation>
    </message>
    <message>
        <source>Hardware (MAC) addresses</source>
        <translation>Hardware-Adressen (MAC)</translation>
    </message>
    <message>
        <source>Request and correlation ids (UUIDs)</source>
        <translation>Anfrage- und Korrelationskennungen (UUIDs)</translation>
    </message>
    <message>
        <source>Terms your organisation asked to hide</source>
        <translation>Begriffe, die Ihre Organisation verbergen lässt</translation>
    </message>
    <message>
        <source>Computer name</source>
        <translation>Computername</translation>
    </message>
    <message>
        <source>MAC addresses</source>
        <translation>MAC-Adressen</translation>
    </message>
    <message>
        <source>Request ids (UUIDs)</source>
        <translation>Anfragekennungen (UUIDs)</translation>
    </message>
    <message>
        <source>Operating system</source>
        <extracomment>each diagnostics section by its collector&apos;s name (kbdesk.core.diagnostics.COLLECTORS)</extracomment>
        <translation>Betriebssystem</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Kernel</translation>
    </message>
    <message>
        <source>Machine model</source>
        <translation>Gerätemodell</translation>
    </message>
    <message>
        <source>Processor</source>
        <translation>Prozessor</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Disks</source>
        <translation>Datenträger</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit seit dem Start</translation>
    </message>
    <message>
        <source>Locale and time</source>
        <translation>Sprache, Region und Zeit</translation>
    </message>
    <message>
        <source>Clock synchronisation</source>
        <translation>Uhrzeitabgleich</translation>
    </message>
    <message>
        <source>Network interfaces</source>
        <translation>Netzwerkschnittstellen</translation>
    </message>
    <message>
        <source>Default route</source>
        <translation>Standardroute</translation>
    </message>
    <message>
        <source>Name resolution</source>
        <translation>Namensauflösung</translation>
    </message>
    <message>
        <source>Server connections</source>
        <translation>Verbindungen zu Servern</translation>
    </message>
    <message>
        <source>Proxy settings</source>
        <translation>Proxy-Einstellungen</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>Akku</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>Drucken</translation>
    </message>
    <message>
        <source>kbdesk</source>
        <translation>kbdesk</translation>
    </message>
    <message>
        <source>kbdesk log</source>
        <translation>kbdesk-Protokoll</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Bildschirm</translation>
    </message>
    <message>
        <source>Your request (summary and description)</source>
        <translation>Ihre Anfrage (Zusammenfassung und Beschreibung)</translation>
    </message>
    <message>
        <source>What you already tried (searches, articles, feedback)</source>
        <translation>Was Sie schon versucht haben (Suchen, Artikel, Rückmeldungen)</translation>
    </message>
    <message>
        <source>kbdesk log (recent lines)</source>
        <translation>kbdesk-Protokoll (letzte Zeilen)</translation>
    </message>
    <message>
        <source>What kbdesk found (checks of the articles)</source>
        <translation>Was kbdesk gefunden hat (Prüfungen der Artikel)</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>{what}: {count}</source>
        <translation>{what}: {count}</translation>
    </message>
    <message>
        <source>{source} (the starter articles)</source>
        <translation>{source} (die mitgelieferten Startartikel)</translation>
    </message>
    <message>
        <source>{source}: a folder, served as it was</source>
        <translation>{source}: ein Ordner, so wie er war</translation>
    </message>
    <message>
        <source>{source}: revision {revision} of {date}</source>
        <translation>{source}: Revision {revision} vom {date}</translation>
    </message>
    <message>
        <source>{source}: revision {revision}</source>
        <translation>{source}: Revision {revision}</translation>
    </message>
    <message>
        <source>{what}: kept by default</source>
        <translation>{what}: standardmäßig behalten</translation>
    </message>
    <message>
        <source>{what}: your choice</source>
        <translation>{what}: Ihre Wahl</translation>
    </message>
    <message>
        <source>{item}, sent exactly as it is (not text, cannot be redacted)</source>
        <translation>{item}, genau so verschickt, wie es ist (kein Text, kann nicht geschwärzt werden)</translation>
    </message>
    <message>
        <source>your contact details, so the service desk can reach you</source>
        <translation>Ihre Kontaktdaten, damit der Servicedesk Sie erreichen kann</translation>
    </message>
</context>
<context>
    <name>feedback</name>
    <message>
        <source>It&apos;s not about my problem</source>
        <extracomment>(analytics reason, what the person sees: English, translated when shown)</extracomment>
        <translation>Es geht nicht um mein Problem</translation>
    </message>
    <message>
        <source>I followed it but it didn&apos;t work</source>
        <translation>Hat bei mir nicht funktioniert</translation>
    </message>
    <message>
        <source>It was hard to follow</source>
        <translation>Es war schwer zu verstehen</translation>
    </message>
    <message>
        <source>Something else</source>
        <translation>Etwas anderes</translation>
    </message>
    <message>
        <source>Feedback</source>
        <extracomment>(helpful, reason or None, comment)</extracomment>
        <translation>Rückmeldung</translation>
    </message>
    <message>
        <source>Tell us whether this article solved your problem</source>
        <translation>Sagen Sie uns, ob dieser Artikel Ihr Problem gelöst hat</translation>
    </message>
    <message>
        <source>Still stuck? Contact support</source>
        <translation>Weiter ratlos? Support kontaktieren</translation>
    </message>
    <message>
        <source>Prepare a summary of what you searched and read for the service desk</source>
        <translation>Eine Zusammenfassung Ihrer Suchen und gelesenen Artikel für den Servicedesk vorbereiten</translation>
    </message>
    <message>
        <source>&lt;b&gt;Did this solve your problem?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Hat das Ihr Problem gelöst?&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Yes, this solved my problem</source>
        <translation>Ja, das hat mein Problem gelöst</translation>
    </message>
    <message>
        <source>No, this did not solve my problem</source>
        <translation>Nein, das hat mein Problem nicht gelöst</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sorry about that. What was wrong?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Das tut uns leid. Was hat nicht gepasst?&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Anything else we should know? (optional)</source>
        <translation>Sollten wir noch etwas wissen? (optional)</translation>
    </message>
    <message>
        <source>Feedback comment</source>
        <translation>Kommentar zur Rückmeldung</translation>
    </message>
    <message>
        <source>Clear the comment</source>
        <translation>Kommentar leeren</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>&lt;b&gt;Great, glad it helped!&lt;/b&gt; Thanks for letting us know.</source>
        <translation>&lt;b&gt;Schön, dass es geholfen hat!&lt;/b&gt; Danke für Ihre Rückmeldung.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Thanks. These might help instead:&lt;/b&gt;</source>
        <translation>&lt;b&gt;Danke. Vielleicht helfen diese stattdessen:&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Opens the article: {summary}</source>
        <translation>Öffnet den Artikel: {summary}</translation>
    </message>
    <message>
        <source>Opens the article</source>
        <translation>Öffnet den Artikel</translation>
    </message>
    <message>
        <source>&lt;b&gt;Thanks for telling us.&lt;/b&gt; Try describing the problem differently, or contact support below.</source>
        <translation>&lt;b&gt;Danke für Ihre Rückmeldung.&lt;/b&gt; Beschreiben Sie das Problem anders, oder kontaktieren Sie unten den Support.</translation>
    </message>
</context>
<context>
    <name>insights_view</name>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Letzte 90 Tage</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Choose a folder of escalation bundles (.kbbundle files) to see the searches of those cases.</source>
        <extracomment>rows shown per bar chart (the CSV has the same rows) report keys, in the order the cards are laid out the empty text while no folder of bundles is chosen (also the empty reason the page gives itself)</extracomment>
        <translation>Wählen Sie einen Ordner mit Supportpaketen (.kbbundle-Dateien), um die Suchen dieser Fälle zu sehen.</translation>
    </message>
    <message>
        <source>Not available from escalation bundles: they hold the searches of escalated cases, not whether self-service worked.</source>
        <translation>Aus Supportpaketen nicht verfügbar: Sie enthalten die Suchen weitergeleiteter Fälle, nicht ob die Selbsthilfe funktioniert hat.</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Als CSV exportieren…</translation>
    </message>
    <message>
        <source>Export {chart} as CSV</source>
        <translation>{chart} als CSV exportieren</translation>
    </message>
    <message>
        <source>&lt;b&gt;Insights&lt;/b&gt;</source>
        <translation>&lt;b&gt;Auswertungen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>This computer&apos;s history</source>
        <translation>Verlauf dieses Computers</translation>
    </message>
    <message>
        <source>A folder of escalation bundles</source>
        <translation>Ein Ordner mit Supportpaketen</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>Ordner wählen…</translation>
    </message>
    <message>
        <source>Deflection by week</source>
        <translation>Selbsthilfequote pro Woche</translation>
    </message>
    <message>
        <source>Deflection by day</source>
        <translation>Selbsthilfequote pro Tag</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>S&amp;ource:</source>
        <translation>&amp;Quelle:</translation>
    </message>
    <message>
        <source>&amp;Range:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Raster:</translation>
    </message>
    <message>
        <source>Back to search</source>
        <translation>Zurück zur Suche</translation>
    </message>
    <message>
        <source>Back to the search page (Ctrl+K)</source>
        <translation>Zurück zur Suchseite (Strg+K)</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Deflection rate</source>
        <translation>Selbsthilfequote</translation>
    </message>
    <message>
        <source>Share of sessions with a search that were solved by self-service (a “Yes, it helped” and no escalation).</source>
        <translation>Anteil der Sitzungen mit einer Suche, die durch Selbsthilfe gelöst wurden (ein „Ja, hat geholfen“ und keine Anfrage an den Support).</translation>
    </message>
    <message>
        <source>Top searches</source>
        <translation>Häufigste Suchen</translation>
    </message>
    <message>
        <source>What people search for most.</source>
        <translation>Wonach am häufigsten gesucht wird.</translation>
    </message>
    <message>
        <source>Content gaps</source>
        <translation>Inhaltslücken</translation>
    </message>
    <message>
        <source>Searches that found no good match, or from sessions that ended “didn&apos;t help” or in an escalation: what to write or fix next.</source>
        <translation>Suchen ohne guten Treffer oder aus Sitzungen, die mit „hat nicht geholfen“ oder einer Anfrage an den Support endeten: was als Nächstes geschrieben oder verbessert werden sollte.</translation>
    </message>
    <message>
        <source>Searches with no results</source>
        <translation>Suchen ohne Ergebnis</translation>
    </message>
    <message>
        <source>Nothing matched at all: a missing article, or missing words (symptoms, error codes).</source>
        <translation>Gar nichts passte: ein fehlender Artikel oder fehlende Wörter (Symptome, Fehlercodes).</translation>
    </message>
    <message>
        <source>Searches nobody clicked</source>
        <translation>Suchen ohne Klick</translation>
    </message>
    <message>
        <source>Results were shown but none was opened: titles and summaries that do not look like the answer.</source>
        <translation>Ergebnisse wurden angezeigt, aber keines geöffnet: Titel und Zusammenfassungen, die nicht nach der Antwort aussehen.</translation>
    </message>
    <message>
        <source>Articles by views</source>
        <translation>Artikel nach Aufrufen</translation>
    </message>
    <message>
        <source>Most read articles, with how often readers said they helped.</source>
        <translation>Die meistgelesenen Artikel und wie oft Leser sie hilfreich fanden.</translation>
    </message>
    <message>
        <source>Checks that fired</source>
        <translation>Ausgelöste Prüfungen</translation>
    </message>
    <message>
        <source>Articles kbdesk suggested because their checks saw the problem on the computer, and whether the person then opened the article and said it helped.</source>
        <translation>Artikel, die kbdesk vorgeschlagen hat, weil ihre Prüfungen das Problem auf dem Computer erkannt haben, und ob der Artikel dann geöffnet wurde und geholfen hat.</translation>
    </message>
    <message>
        <source>Folder of escalation bundles</source>
        <translation>Ordner mit Supportpaketen</translation>
    </message>
    <message>
        <source>Reading escalation bundles in {folder}…</source>
        <translation>Supportpakete in {folder} werden gelesen…</translation>
    </message>
    <message>
        <source>Reading this computer&apos;s history…</source>
        <translation>Der Verlauf dieses Computers wird gelesen…</translation>
    </message>
    <message>
        <source>Could not read the insights</source>
        <translation>Die Auswertungen konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>No sessions with a search in this period.</source>
        <translation>Keine Sitzungen mit einer Suche in diesem Zeitraum.</translation>
    </message>
    <message>
        <source>“{query}”: {searches} in {sessions}</source>
        <translation>„{query}“: {searches} in {sessions}</translation>
    </message>
    <message numerus="yes">
        <source>%n searches</source>
        <translation>
            <numerusform>%Ln Suche</numerusform>
            <numerusform>%Ln Suchen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sessions</source>
        <translation>
            <numerusform>%Ln Sitzung</numerusform>
            <numerusform>%Ln Sitzungen</numerusform>
        </translation>
    </message>
    <message>
        <source>No searches in this period.</source>
        <translation>Keine Suchen in diesem Zeitraum.</translation>
    </message>
    <message>
        <source>Every search found something. Nothing to add here.</source>
        <translation>Jede Suche hat etwas gefunden. Hier ist nichts zu ergänzen.</translation>
    </message>
    <message>
        <source>no good match</source>
        <translation>kein guter Treffer</translation>
    </message>
    <message>
        <source>didn&apos;t help</source>
        <translation>hat nicht geholfen</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>an den Support</translation>
    </message>
    <message>
        <source>escalated cases</source>
        <translation>an den Support weitergeleitete Fälle</translation>
    </message>
    <message>
        <source>“{query}”: {sessions} ({no_match} found no good match, {not_solved} didn&apos;t help, {escalated} escalated)</source>
        <translation>„{query}“: {sessions} ({no_match} ohne guten Treffer, {not_solved} hat nicht geholfen, {escalated} an den Support)</translation>
    </message>
    <message>
        <source>Every search found a good match, and no session ended in “didn&apos;t help” or an escalation.</source>
        <translation>Jede Suche fand einen guten Treffer, und keine Sitzung endete mit „hat nicht geholfen“ oder einer Anfrage an den Support.</translation>
    </message>
    <message>
        <source>{part} of {whole}</source>
        <translation>{part} von {whole}</translation>
    </message>
    <message>
        <source>“{query}”: {part} of {whole} searches with results had no article opened ({rate})</source>
        <translation>„{query}“: bei {part} von {whole} Suchen mit Ergebnissen wurde kein Artikel geöffnet ({rate})</translation>
    </message>
    <message>
        <source>People opened a result after every search.</source>
        <translation>Nach jeder Suche wurde ein Ergebnis geöffnet.</translation>
    </message>
    <message>
        <source>{rate} helpful</source>
        <translation>{rate} hilfreich</translation>
    </message>
    <message numerus="yes">
        <source>%n views</source>
        <translation>
            <numerusform>%Ln Aufruf</numerusform>
            <numerusform>%Ln Aufrufe</numerusform>
        </translation>
    </message>
    <message>
        <source>{article} ({id}): {views}; {yes} of {answers} answers said it helped</source>
        <translation>{article} ({id}): {views}; {yes} von {answers} Antworten sagten, er habe geholfen</translation>
    </message>
    <message>
        <source>{article} ({id}): {views}; no answers yet</source>
        <translation>{article} ({id}): {views}; noch keine Antworten</translation>
    </message>
    <message>
        <source>No articles opened in this period.</source>
        <translation>In diesem Zeitraum wurden keine Artikel geöffnet.</translation>
    </message>
    <message>
        <source>No check fired in this period.</source>
        <translation>In diesem Zeitraum wurde keine Prüfung ausgelöst.</translation>
    </message>
    <message>
        <source>{sessions} · {solved} solved</source>
        <translation>{sessions} · {solved} gelöst</translation>
    </message>
    <message>
        <source>{check}: shown {times} in {sessions}; the article was opened in {opened}, helped in {solved}; {escalated} escalated</source>
        <translation>{check}: {times} angezeigt in {sessions}; der Artikel wurde in {opened} geöffnet, half in {solved}; {escalated} an den Support</translation>
    </message>
    <message numerus="yes">
        <source>%n times</source>
        <translation>
            <numerusform>%Ln-mal</numerusform>
            <numerusform>%Ln-mal</numerusform>
        </translation>
    </message>
    <message>
        <source>solved</source>
        <translation>gelöst</translation>
    </message>
    <message>
        <source>opened, not solved</source>
        <translation>geöffnet, nicht gelöst</translation>
    </message>
    <message>
        <source>not opened</source>
        <translation>nicht geöffnet</translation>
    </message>
    <message>
        <source>The bundles in this folder hold no searches in this period.</source>
        <translation>Die Pakete in diesem Ordner enthalten keine Suchen aus diesem Zeitraum.</translation>
    </message>
    <message>
        <source>No escalation bundles ({suffix} files) in {folder}. Choose the folder where you keep them.</source>
        <translation>Keine Supportpakete ({suffix}-Dateien) in {folder}. Wählen Sie den Ordner, in dem Sie sie aufbewahren.</translation>
    </message>
    <message>
        <source>No searches recorded in this period. Pick a longer range, or search in kbdesk to start the history.</source>
        <translation>In diesem Zeitraum wurden keine Suchen aufgezeichnet. Wählen Sie einen längeren Zeitraum, oder suchen Sie in kbdesk, damit der Verlauf beginnt.</translation>
    </message>
    <message>
        <source>No searches recorded yet. Searches made in kbdesk on this computer appear here (History must be on in Settings).</source>
        <translation>Noch keine Suchen aufgezeichnet. Suchen in kbdesk auf diesem Computer erscheinen hier (dazu muss der Verlauf in den Einstellungen eingeschaltet sein).</translation>
    </message>
    <message>
        <source>Choose a folder of escalation bundles.</source>
        <translation>Wählen Sie einen Ordner mit Supportpaketen.</translation>
    </message>
    <message>
        <source>{bundles} read from {folder}: {searches} in {cases}.</source>
        <translation>{bundles} aus {folder} gelesen: {searches} in {cases}.</translation>
    </message>
    <message numerus="yes">
        <source>%n bundles</source>
        <translation>
            <numerusform>%Ln Paket</numerusform>
            <numerusform>%Ln Pakete</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n escalated cases</source>
        <translation>
            <numerusform>%Ln weitergeleiteter Fall</numerusform>
            <numerusform>%Ln weitergeleitete Fälle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be read ({names}).</source>
        <translation>
            <numerusform>%Ln konnte nicht gelesen werden ({names}).</numerusform>
            <numerusform>%Ln konnten nicht gelesen werden ({names}).</numerusform>
        </translation>
    </message>
    <message>
        <source>{searches} in {sessions}</source>
        <translation>{searches} in {sessions}</translation>
    </message>
    <message>
        <source>{rate} solved by self-service ({deflected} of {sessions}; {escalated} escalated)</source>
        <translation>{rate} durch Selbsthilfe gelöst ({deflected} von {sessions}; {escalated} an den Support)</translation>
    </message>
    <message>
        <source>Export as CSV</source>
        <translation>Als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Could not write {file}: {reason}</source>
        <translation>{file} konnte nicht geschrieben werden: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n rows to {path}</source>
        <translation>
            <numerusform>%Ln Zeile nach {path} exportiert</numerusform>
            <numerusform>%Ln Zeilen nach {path} exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>dd MMM</source>
        <comment>a Qt date format</comment>
        <translation>dd.MM.</translation>
    </message>
    <message>
        <source>Week of {date}</source>
        <translation>Woche vom {date}</translation>
    </message>
    <message>
        <source>{weekday} {date}</source>
        <translation>{weekday}, {date}</translation>
    </message>
    <message>
        <source>{when}: {rate} — {deflected} of {sessions} solved by self-service; {escalated} escalated, {not_solved} didn&apos;t help, {no_answer} no answer</source>
        <translation>{when}: {rate} – {deflected} von {sessions} durch Selbsthilfe gelöst; {escalated} an den Support, {not_solved} hat nicht geholfen, {no_answer} ohne Antwort</translation>
    </message>
</context>
<context>
    <name>keys</name>
    <message>
        <source>Choose the next or the previous result</source>
        <extracomment>the keys the search field handles itself (Help &gt; Keyboard shortcuts lists them; words in the &quot;keys&quot; context)</extracomment>
        <translation>Das nächste oder vorige Ergebnis wählen</translation>
    </message>
    <message>
        <source>Search field</source>
        <translation>Suchfeld</translation>
    </message>
    <message>
        <source>Move five results down or up</source>
        <translation>Fünf Ergebnisse nach unten oder oben springen</translation>
    </message>
    <message>
        <source>Open the chosen result (the first when none is chosen)</source>
        <translation>Das gewählte Ergebnis öffnen (das erste, wenn keines gewählt ist)</translation>
    </message>
    <message>
        <source>Open the selected result</source>
        <translation>Das ausgewählte Ergebnis öffnen</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Move to the next or the previous control</source>
        <extracomment>the words of every KeyHelp, the pages&apos; and these (what a key does, where it works), marked QT_TRANSLATE_NOOP(&quot;keys&quot;, ...) where they are declared and translated here when listed; the entries made from the window&apos;s actions arrive in the app&apos;s language already (their menu texts) what the keyboard does everywhere (Qt&apos;s own keys), first on the page</extracomment>
        <translation>Zum nächsten oder vorigen Bedienelement gehen</translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>Überall</translation>
    </message>
    <message>
        <source>With the underlined letter of a menu, button or field: open or use it</source>
        <translation>Mit dem unterstrichenen Buchstaben eines Menüs, Knopfs oder Felds: öffnen oder verwenden</translation>
    </message>
    <message>
        <source>Press the button, tick the box or follow the link that has the focus</source>
        <translation>Den Knopf drücken, das Kästchen ankreuzen oder dem Link folgen, der den Fokus hat</translation>
    </message>
    <message>
        <source>Show the next or the previous tab</source>
        <translation>Den nächsten oder vorigen Reiter zeigen</translation>
    </message>
    <message>
        <source>Tabbed panes</source>
        <translation>Bereiche mit Reitern</translation>
    </message>
    <message>
        <source>Move within a list, a table or a set of options</source>
        <translation>Innerhalb einer Liste, Tabelle oder Auswahl bewegen</translation>
    </message>
    <message>
        <source>Lists and options</source>
        <translation>Listen und Auswahlen</translation>
    </message>
    <message>
        <source>Save the article</source>
        <translation>Den Artikel speichern</translation>
    </message>
    <message>
        <source>Writer mode</source>
        <translation>Autorenmodus</translation>
    </message>
    <message>
        <source>Rank the article for the test query</source>
        <translation>Den Rang des Artikels für die Testanfrage ermitteln</translation>
    </message>
    <message>
        <source>Writer mode, Test this article</source>
        <translation>Autorenmodus, Artikel testen</translation>
    </message>
</context>
<context>
    <name>knowledge</name>
    <message>
        <source>Could not index the new articles; the ones before are still shown</source>
        <extracomment>quiet time after the last file change before a sync starts how long a sync waits for another process (the CLI) that holds the index lock how often the app asks the scheduler whether the git sources are due for a sync (it decides the interval) &quot;not loaded&quot; | &quot;loading&quot; | &quot;preparing&quot; (the one-time export of a pip install) | &quot;ready&quot; | &quot;failed&quot; why the articles could not be opened (shown instead of &quot;getting ready&quot; for ever); &quot;&quot; when fine each source: what it serves, its last sync, a held-back revision and why the scheduler&apos;s one quiet line for everyone (&quot;&quot; when all is well) a git sync is running now an index generation is open (after the first open and after every sync that changed it) (stage, done, total) from the indexer; stage &quot;&quot; means the sync ended the sentence (with what to do next) of a background failure a person should hear about the git sources were synced, or what is known about them changed the learned phrasings every engine searches with (filled by the session recorder) folder sources a watcher saw change (None: every source) for the next sync</extracomment>
        <translation>Die neuen Artikel konnten nicht indiziert werden; die bisherigen werden weiter angezeigt</translation>
    </message>
    <message>
        <source>no knowledge-base sources are configured</source>
        <translation>es sind keine Quellen für die Wissensdatenbank eingerichtet</translation>
    </message>
    <message>
        <source>Could not open the articles</source>
        <translation>Die Artikel konnten nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Could not update the knowledge base</source>
        <translation>Die Wissensdatenbank konnte nicht aktualisiert werden</translation>
    </message>
    <message>
        <source>Could not update the search index</source>
        <translation>Der Suchindex konnte nicht aktualisiert werden</translation>
    </message>
    <message>
        <source>Semantic search is unavailable; keyword search still works</source>
        <translation>Die semantische Suche ist nicht verfügbar; die Stichwortsuche funktioniert weiterhin</translation>
    </message>
    <message>
        <source>{source}: not synced yet</source>
        <translation>{source}: noch nicht synchronisiert</translation>
    </message>
    <message>
        <source>articles folder not found: {folder}</source>
        <translation>Artikelordner nicht gefunden: {folder}</translation>
    </message>
</context>
<context>
    <name>main_window</name>
    <message>
        <source>kbdesk — self-service help</source>
        <extracomment>the model load waits for this much quiet in the search field results are announced to a screen reader once they stop changing for this long (every keystroke brings new results; saying each would talk over the typing)</extracomment>
        <translation>kbdesk – Hilfe zur Selbsthilfe</translation>
    </message>
    <message>
        <source>Navigation</source>
        <extracomment>the page modules, each with install(host); menus they name are created before Help settings whose change changes which articles are served emitted after a response was shown (tests and benchmarks wait on it) emitted when an article has been rendered into the view what kbdesk runs with: the user&apos;s settings overlaid by the policy</extracomment>
        <translation>Navigation</translation>
    </message>
    <message numerus="yes">
        <source>Settings problem: {problem} (and %n more; see the log)</source>
        <translation>
            <numerusform>Problem in den Einstellungen: {problem} (und %Ln weiteres; siehe Protokoll)</numerusform>
            <numerusform>Problem in den Einstellungen: {problem} (und %Ln weitere; siehe Protokoll)</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings problem: {problem}</source>
        <translation>Problem in den Einstellungen: {problem}</translation>
    </message>
    <message numerus="yes">
        <source>%n articles found</source>
        <translation>
            <numerusform>%Ln Artikel gefunden</numerusform>
            <numerusform>%Ln Artikel gefunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No article matches this well; the nearest %n are shown</source>
        <translation>
            <numerusform>Kein Artikel passt wirklich dazu; der nächstliegende wird gezeigt</numerusform>
            <numerusform>Kein Artikel passt wirklich dazu; die %Ln nächstliegenden werden gezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>No article matches this</source>
        <translation>Kein Artikel passt dazu</translation>
    </message>
    <message>
        <source>{title} — kbdesk</source>
        <translation>{title} – kbdesk</translation>
    </message>
    <message>
        <source>No file manager could be opened; the logs are in {folder} (path copied to the clipboard)</source>
        <translation>Es konnte kein Dateimanager geöffnet werden; die Protokolle liegen in {folder} (Pfad in die Zwischenablage kopiert)</translation>
    </message>
    <message>
        <source>Settings not saved</source>
        <translation>Einstellungen nicht gespeichert</translation>
    </message>
    <message>
        <source>Updating the articles…</source>
        <translation>Die Artikel werden aktualisiert…</translation>
    </message>
    <message>
        <source>The new language applies when kbdesk starts again.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von kbdesk.</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Verlauf löschen</translation>
    </message>
    <message>
        <source>Delete the history of searches, articles read and feedback kept on this computer, and the phrasings search learned from it?

This cannot be undone.</source>
        <translation>Den auf diesem Computer gespeicherten Verlauf von Suchen, gelesenen Artikeln und Rückmeldungen löschen, und die Formulierungen, die die Suche daraus gelernt hat?

Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>History cleared</source>
        <translation>Verlauf gelöscht</translation>
    </message>
    <message>
        <source>Could not clear the history</source>
        <translation>Der Verlauf konnte nicht gelöscht werden</translation>
    </message>
    <message>
        <source>About kbdesk</source>
        <translation>Über kbdesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;kbdesk {version}&lt;/b&gt;&lt;br&gt;Offline self-service help.&lt;br&gt;&lt;br&gt;Articles: {articles}&lt;br&gt;Log: {log}</source>
        <translation>&lt;b&gt;kbdesk {version}&lt;/b&gt;&lt;br&gt;Hilfe zur Selbsthilfe, ohne Netzwerk.&lt;br&gt;&lt;br&gt;Artikel: {articles}&lt;br&gt;Protokoll: {log}</translation>
    </message>
</context>
<context>
    <name>menus</name>
    <message>
        <source>&amp;Refresh articles</source>
        <extracomment>the window&apos;s own actions, in menu order (pages add theirs in their install(): Tools, File &gt; Open bundle…)</extracomment>
        <translation>Artikel &amp;aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Open bundle…</source>
        <translation>Paket ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open a support bundle (.kbbundle) a user sent</source>
        <translation>Ein Supportpaket (.kbbundle) öffnen, das jemand geschickt hat</translation>
    </message>
    <message>
        <source>Look for new or changed articles now</source>
        <translation>Jetzt nach neuen oder geänderten Artikeln suchen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>Back to the previous article (Alt+Left)</source>
        <translation>Zurück zum vorigen Artikel (Alt+Links)</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Vorwärts</translation>
    </message>
    <message>
        <source>Forward (Alt+Right)</source>
        <translation>Vorwärts (Alt+Rechts)</translation>
    </message>
    <message>
        <source>Clear search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <source>Show articles for &amp;all systems</source>
        <translation>Artikel für &amp;alle Systeme anzeigen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Clear history…</source>
        <translation>Verlauf &amp;löschen…</translation>
    </message>
    <message>
        <source>Hi&amp;story</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>{menu} menu</source>
        <translation>Menü {menu}</translation>
    </message>
    <message>
        <source>Anywhere in the window</source>
        <translation>Überall im Fenster</translation>
    </message>
    <message>
        <source>&amp;Contact support…</source>
        <translation>&amp;Support kontaktieren…</translation>
    </message>
    <message>
        <source>My &amp;requests</source>
        <translation>Meine &amp;Anfragen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Your requests to the service desk and their status</source>
        <translation>Ihre Anfragen an den Servicedesk und ihr Stand</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>&amp;About kbdesk</source>
        <translation>Ü&amp;ber kbdesk</translation>
    </message>
    <message>
        <source>&amp;Writer mode</source>
        <translation>&amp;Autorenmodus</translation>
    </message>
    <message>
        <source>&amp;Insights</source>
        <translation>Aus&amp;wertungen</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Extras</translation>
    </message>
    <message>
        <source>Top searches, content gaps and the deflection rate, as charts</source>
        <translation>Häufigste Suchen, Inhaltslücken und die Selbsthilfequote als Diagramme</translation>
    </message>
    <message>
        <source>Edit, check and test articles</source>
        <translation>Artikel bearbeiten, prüfen und testen</translation>
    </message>
    <message>
        <source>Open &amp;ticket…</source>
        <translation>&amp;Ticket öffnen…</translation>
    </message>
    <message>
        <source>Fetch a ticket&apos;s support bundle from the service desk, check it and show it (for agents)</source>
        <translation>Das Supportpaket eines Tickets vom Servicedesk holen, prüfen und zeigen (für Supportmitarbeiter)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of kbdesk</source>
        <translation>Alle Tastenkürzel von kbdesk</translation>
    </message>
</context>
<context>
    <name>open_ticket</name>
    <message>
        <source>Open a ticket</source>
        <extracomment>the bundle was fetched and verified (FetchedBundle), or refused (the exception)</extracomment>
        <translation>Ein Ticket öffnen</translation>
    </message>
    <message>
        <source>Fetch the support bundle attached to a ticket, check it, and show it.</source>
        <translation>Das Supportpaket eines Tickets holen, prüfen und zeigen.</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Servicedesk</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>Ticketnummer</translation>
    </message>
    <message>
        <source>e.g. 42</source>
        <translation>z. B. 42</translation>
    </message>
    <message>
        <source>&amp;Desk:</source>
        <translation>&amp;Servicedesk:</translation>
    </message>
    <message>
        <source>&amp;Ticket:</source>
        <translation>&amp;Ticket:</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>No desk kbdesk can fetch tickets from is set up (a Request Tracker desk). Add one in Settings &gt; Service desk, or open a bundle file with File &gt; Open bundle…</source>
        <translation>Es ist kein Servicedesk eingerichtet, von dem kbdesk Tickets holen kann (ein Request Tracker). Fügen Sie einen unter Einstellungen &gt; Servicedesk hinzu, oder öffnen Sie eine Paketdatei mit Datei &gt; Paket öffnen…</translation>
    </message>
    <message>
        <source>Fetching ticket {ticket} from desk &apos;{desk}&apos; and checking its bundle…</source>
        <translation>Ticket {ticket} wird vom Servicedesk „{desk}“ geholt und sein Paket geprüft…</translation>
    </message>
    <message>
        <source>Ticket {ticket} from desk &apos;{desk}&apos;: its bundle matches its manifest</source>
        <translation>Ticket {ticket} vom Servicedesk „{desk}“: sein Paket stimmt mit seinem Manifest überein</translation>
    </message>
    <message>
        <source>Ticket {ticket} not opened</source>
        <translation>Ticket {ticket} nicht geöffnet</translation>
    </message>
</context>
<context>
    <name>requests_view</name>
    <message>
        <source>Status</source>
        <extracomment>while the page is shown, ask the desks again this often (one short call per ticket)</extracomment>
        <translation>Stand</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Servicedesk</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Verschickt</translation>
    </message>
    <message>
        <source>Status as of</source>
        <translation>Stand vom</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Gelöst</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>Wartet auf Versand</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>Nicht verschickt</translation>
    </message>
    <message>
        <source>The desk has your request; nobody has picked it up yet.</source>
        <extracomment>what each state means, for the tooltip of the status column</extracomment>
        <translation>Der Servicedesk hat Ihre Anfrage; noch hat sie niemand übernommen.</translation>
    </message>
    <message>
        <source>Someone at the desk is working on it.</source>
        <translation>Jemand beim Servicedesk kümmert sich darum.</translation>
    </message>
    <message>
        <source>The desk considers it solved.</source>
        <translation>Der Servicedesk betrachtet sie als gelöst.</translation>
    </message>
    <message>
        <source>The desk has your request; it does not report progress here (an e-mail desk answers by e-mail).</source>
        <translation>Der Servicedesk hat Ihre Anfrage; den Fortschritt meldet er hier nicht (ein E-Mail-Servicedesk antwortet per E-Mail).</translation>
    </message>
    <message>
        <source>The desk could not be reached; kbdesk sends it by itself as soon as it answers.</source>
        <translation>Der Servicedesk war nicht erreichbar; kbdesk schickt sie von selbst, sobald er antwortet.</translation>
    </message>
    <message>
        <source>The desk refused it; it is kept until the problem is fixed (see below).</source>
        <translation>Der Servicedesk hat sie abgelehnt; sie wird aufbewahrt, bis das Problem behoben ist (siehe unten).</translation>
    </message>
    <message>
        <source>d MMM HH:mm</source>
        <comment>a Qt date format</comment>
        <translation>d. MMM HH:mm</translation>
    </message>
    <message>
        <source>d MMM yyyy HH:mm</source>
        <comment>a Qt date format</comment>
        <translation>d. MMM yyyy HH:mm</translation>
    </message>
    <message>
        <source>Waiting for desk &apos;{desk}&apos;</source>
        <translation>Wartet auf den Servicedesk „{desk}“</translation>
    </message>
    <message>
        <source>next try at {time}</source>
        <translation>nächster Versuch um {time}</translation>
    </message>
    <message>
        <source>it is sent as soon as the desk answers</source>
        <translation>sie wird verschickt, sobald der Servicedesk antwortet</translation>
    </message>
    <message numerus="yes">
        <source>(tried %n times)</source>
        <translation>
            <numerusform>(bisher %Ln Versuch)</numerusform>
            <numerusform>(bisher %Ln Versuche)</numerusform>
        </translation>
    </message>
    <message>
        <source>Last problem: {problem}</source>
        <translation>Letztes Problem: {problem}</translation>
    </message>
    <message>
        <source>Not sent: {problem}. Fix the desk in Settings, then click “Send waiting requests now”.</source>
        <translation>Nicht verschickt: {problem}. Korrigieren Sie den Servicedesk in den Einstellungen, und klicken Sie dann auf „Wartende Anfragen jetzt senden“.</translation>
    </message>
    <message>
        <source>the desk refused it</source>
        <translation>der Servicedesk hat sie abgelehnt</translation>
    </message>
    <message>
        <source>Ticket {ticket} at desk &apos;{desk}&apos;</source>
        <translation>Ticket {ticket} beim Servicedesk „{desk}“</translation>
    </message>
    <message>
        <source>Sent to desk &apos;{desk}&apos;</source>
        <translation>An den Servicedesk „{desk}“ verschickt</translation>
    </message>
    <message>
        <source>the desk says “{status}”</source>
        <translation>der Servicedesk meldet „{status}“</translation>
    </message>
    <message>
        <source>last known status, from {time}</source>
        <translation>letzter bekannter Stand, vom {time}</translation>
    </message>
    <message>
        <source>last known status</source>
        <translation>letzter bekannter Stand</translation>
    </message>
    <message>
        <source>not updated now: {problem}</source>
        <translation>gerade nicht aktualisiert: {problem}</translation>
    </message>
    <message>
        <source>← Back to search</source>
        <extracomment>rows are on screen: (the rows, whether the desks were asked) bumps with every refresh; a result from an older one is dropped (see _show)</extracomment>
        <translation>← Zurück zur Suche</translation>
    </message>
    <message>
        <source>My requests</source>
        <translation>Meine Anfragen</translation>
    </message>
    <message>
        <source>Send waiting requests &amp;now</source>
        <translation>Wartende Anfragen &amp;jetzt senden</translation>
    </message>
    <message>
        <source>Try every request in the outbox now, the ones held for a problem too</source>
        <translation>Jede Anfrage im Postausgang jetzt versuchen, auch die wegen eines Problems zurückgehaltenen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Ask the service desk for the status of every request now</source>
        <translation>Den Servicedesk jetzt nach dem Stand jeder Anfrage fragen</translation>
    </message>
    <message>
        <source>Desk status</source>
        <translation>Stand beim Servicedesk</translation>
    </message>
    <message>
        <source>No requests yet. When you contact support from kbdesk (Help &gt; Contact support…), your requests appear here with their status at the service desk.</source>
        <translation>Noch keine Anfragen. Wenn Sie den Support aus kbdesk kontaktieren (Hilfe &gt; Support kontaktieren…), erscheinen Ihre Anfragen hier mit ihrem Stand beim Servicedesk.</translation>
    </message>
    <message>
        <source>Selected request</source>
        <translation>Ausgewählte Anfrage</translation>
    </message>
    <message>
        <source>&amp;Open at the desk</source>
        <translation>Beim Servicedesk &amp;öffnen</translation>
    </message>
    <message>
        <source>Open the ticket&apos;s page at the service desk in your browser</source>
        <translation>Die Seite des Tickets beim Servicedesk im Browser öffnen</translation>
    </message>
    <message>
        <source>Asking the service desk…</source>
        <translation>Der Servicedesk wird gefragt…</translation>
    </message>
    <message>
        <source>Reading your requests…</source>
        <translation>Ihre Anfragen werden gelesen…</translation>
    </message>
    <message>
        <source>Sending the waiting requests…</source>
        <translation>Die wartenden Anfragen werden verschickt…</translation>
    </message>
    <message>
        <source>The waiting requests were not sent</source>
        <translation>Die wartenden Anfragen wurden nicht verschickt</translation>
    </message>
    <message>
        <source>Your requests could not be read</source>
        <translation>Ihre Anfragen konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>No answer from the service desk now ({problem}). The last known status is shown (as of {time}).</source>
        <translation>Gerade keine Antwort vom Servicedesk ({problem}). Gezeigt wird der letzte bekannte Stand (vom {time}).</translation>
    </message>
    <message>
        <source>No answer from the service desk now ({problem}). The last known status is shown.</source>
        <translation>Gerade keine Antwort vom Servicedesk ({problem}). Gezeigt wird der letzte bekannte Stand.</translation>
    </message>
    <message>
        <source>Status from the service desk at {time}.</source>
        <translation>Stand vom Servicedesk um {time}.</translation>
    </message>
    <message>
        <source>(no summary)</source>
        <translation>(keine Zusammenfassung)</translation>
    </message>
    <message>
        <source>Open {link} in the browser</source>
        <translation>{link} im Browser öffnen</translation>
    </message>
    <message>
        <source>The last status the desk gave; it could not be asked now</source>
        <translation>Der letzte Stand, den der Servicedesk gemeldet hat; er war gerade nicht erreichbar</translation>
    </message>
    <message>
        <source>No browser could be opened; the ticket&apos;s address was copied: {link}</source>
        <translation>Es konnte kein Browser geöffnet werden; die Adresse des Tickets wurde kopiert: {link}</translation>
    </message>
</context>
<context>
    <name>results</name>
    <message>
        <source>{names} and {last}</source>
        <translation>{names} und {last}</translation>
    </message>
    <message>
        <source>For {systems}</source>
        <translation>Für {systems}</translation>
    </message>
    <message>
        <source>Written for {systems}, not for this computer ({this_system}).</source>
        <translation>Geschrieben für {systems}, nicht für diesen Computer ({this_system}).</translation>
    </message>
    <message>
        <source>Shown because it has the exact error you entered.</source>
        <translation>Angezeigt, weil er genau den eingegebenen Fehler enthält.</translation>
    </message>
    <message>
        <source>Search results</source>
        <extracomment>draw every item muted (the nearest articles when nothing matches well) the person moved the selection to this hit (keys or mouse; not new results selecting their top)</extracomment>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Articles that match what you typed; press Enter to open the selected one</source>
        <translation>Artikel, die zu Ihrer Eingabe passen; mit der Eingabetaste öffnen Sie den ausgewählten</translation>
    </message>
</context>
<context>
    <name>results_pane</name>
    <message>
        <source>Start typing to see matching articles.</source>
        <extracomment>results shown (dimmed) when nothing matches well: enough to recognise a near miss, few enough not to send anyone down a list of wrong articles the lines shown instead of the list (English, marked: ``show_text`` translates them)</extracomment>
        <translation>Beginnen Sie zu tippen, um passende Artikel zu sehen.</translation>
    </message>
    <message>
        <source>Getting the articles ready… results appear in a moment.</source>
        <translation>Die Artikel werden vorbereitet… Ergebnisse erscheinen gleich.</translation>
    </message>
    <message>
        <source>Tick “All systems” to also look in articles written for other systems.</source>
        <translation>Setzen Sie ein Häkchen bei „Alle Systeme“, um auch in Artikeln für andere Systeme zu suchen.</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
</context>
<context>
    <name>search_notes</name>
    <message>
        <source>Arabic</source>
        <extracomment>the names kbdesk.core.language gives the languages it recognises, marked for translation here (the command line keeps them English); tests/gui/test_i18n.py checks that every one of them is here</extracomment>
        <translation>Arabisch</translation>
    </message>
    <message>
        <source>Bulgarian</source>
        <translation>Bulgarisch</translation>
    </message>
    <message>
        <source>Catalan</source>
        <translation>Katalanisch</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>Chinesisch</translation>
    </message>
    <message>
        <source>Croatian</source>
        <translation>Kroatisch</translation>
    </message>
    <message>
        <source>Czech</source>
        <translation>Tschechisch</translation>
    </message>
    <message>
        <source>Danish</source>
        <translation>Dänisch</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>Niederländisch</translation>
    </message>
    <message>
        <source>Estonian</source>
        <translation>Estnisch</translation>
    </message>
    <message>
        <source>Finnish</source>
        <translation>Finnisch</translation>
    </message>
    <message>
        <source>French</source>
        <translation>Französisch</translation>
    </message>
    <message>
        <source>German</source>
        <translation>Deutsch</translation>
    </message>
    <message>
        <source>Greek</source>
        <translation>Griechisch</translation>
    </message>
    <message>
        <source>Hebrew</source>
        <translation>Hebräisch</translation>
    </message>
    <message>
        <source>Hindi</source>
        <translation>Hindi</translation>
    </message>
    <message>
        <source>Hungarian</source>
        <translation>Ungarisch</translation>
    </message>
    <message>
        <source>Indonesian</source>
        <translation>Indonesisch</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>Italienisch</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>Japanisch</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>Koreanisch</translation>
    </message>
    <message>
        <source>Latvian</source>
        <translation>Lettisch</translation>
    </message>
    <message>
        <source>Lithuanian</source>
        <translation>Litauisch</translation>
    </message>
    <message>
        <source>Norwegian</source>
        <translation>Norwegisch</translation>
    </message>
    <message>
        <source>Persian</source>
        <translation>Persisch</translation>
    </message>
    <message>
        <source>Polish</source>
        <translation>Polnisch</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>Portugiesisch</translation>
    </message>
    <message>
        <source>Romanian</source>
        <translation>Rumänisch</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Russisch</translation>
    </message>
    <message>
        <source>Serbian</source>
        <translation>Serbisch</translation>
    </message>
    <message>
        <source>Slovak</source>
        <translation>Slowakisch</translation>
    </message>
    <message>
        <source>Slovenian</source>
        <translation>Slowenisch</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Spanisch</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>Schwedisch</translation>
    </message>
    <message>
        <source>Thai</source>
        <translation>Thailändisch</translation>
    </message>
    <message>
        <source>Turkish</source>
        <translation>Türkisch</translation>
    </message>
    <message>
        <source>Ukrainian</source>
        <translation>Ukrainisch</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>Vietnamesisch</translation>
    </message>
    <message>
        <source>Did you mean:</source>
        <translation>Meinten Sie:</translation>
    </message>
    <message>
        <source>Search for this instead</source>
        <translation>Stattdessen danach suchen</translation>
    </message>
    <message>
        <source>Your search looks like {language}.</source>
        <translation>Ihre Suche scheint auf {language} zu sein.</translation>
    </message>
    <message>
        <source>Your search does not look like English.</source>
        <translation>Ihre Suche scheint nicht auf Englisch zu sein.</translation>
    </message>
    <message>
        <source>The articles are in English, so English words may find a better match; the closest are below.</source>
        <translation>Die Artikel sind auf Englisch, englische Wörter finden daher oft besser; die nächstliegenden stehen unten.</translation>
    </message>
    <message>
        <source>Language note</source>
        <translation>Hinweis zur Sprache</translation>
    </message>
    <message>
        <source>No good match</source>
        <translation>Kein guter Treffer</translation>
    </message>
    <message>
        <source>Contact support…</source>
        <translation>Support kontaktieren…</translation>
    </message>
    <message>
        <source>Ask the service desk for help with this problem</source>
        <translation>Den Servicedesk um Hilfe bei diesem Problem bitten</translation>
    </message>
    <message>
        <source>No article matches this</source>
        <translation>Kein Artikel passt dazu</translation>
    </message>
    <message>
        <source>Try describing the problem in other words, or paste the exact error message. If it still finds nothing, support can help.</source>
        <translation>Beschreiben Sie das Problem mit anderen Worten, oder fügen Sie die genaue Fehlermeldung ein. Wenn dann immer noch nichts gefunden wird, hilft der Support.</translation>
    </message>
    <message>
        <source>No article matches this well</source>
        <translation>Kein Artikel passt wirklich dazu</translation>
    </message>
    <message numerus="yes">
        <source>The %n nearest articles are below, but they are probably not about your problem. Try other words, or ask support.</source>
        <translation>
            <numerusform>Der nächstliegende Artikel steht unten, behandelt aber wahrscheinlich nicht Ihr Problem. Versuchen Sie es mit anderen Worten, oder fragen Sie den Support.</numerusform>
            <numerusform>Die %Ln nächstliegenden Artikel stehen unten, behandeln aber wahrscheinlich nicht Ihr Problem. Versuchen Sie es mit anderen Worten, oder fragen Sie den Support.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>search_view</name>
    <message>
        <source>Describe your problem or paste an error message</source>
        <extracomment>a query counts as a search for the history once it has been still this long the article pane follows the selected result once the selection rests this long (arrowing through the list opens, renders and records only the result the person stops on)</extracomment>
        <translation>Beschreiben Sie Ihr Problem oder fügen Sie eine Fehlermeldung ein</translation>
    </message>
    <message>
        <source>Best match</source>
        <extracomment>keys in the search field that move the selection in the results, and by how many rows</extracomment>
        <translation>Beste Treffer</translation>
    </message>
    <message>
        <source>Exact words</source>
        <translation>Genaue Wörter</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Bedeutung</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <extracomment>a response was shown (tests and benchmarks wait on it) an article has been rendered into the article pane (its id) the search mode changed (&quot;hybrid&quot;, &quot;keyword&quot;, &quot;semantic&quot;) Back or Forward may have become possible or impossible a short message for the status bar: (text, milliseconds) &quot;Contact support&quot; from the weak-match banner or the feedback bar</extracomment>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Describe your problem or paste an error message; results update as you type. Up and Down choose a result, Enter opens it, Escape clears.</source>
        <translation>Beschreiben Sie Ihr Problem oder fügen Sie eine Fehlermeldung ein; die Ergebnisse folgen Ihrer Eingabe. Pfeil hoch und runter wählen ein Ergebnis, die Eingabetaste öffnet es, Escape leert das Feld.</translation>
    </message>
    <message>
        <source>Match:</source>
        <translation>Treffer:</translation>
    </message>
    <message>
        <source>How to match: by words and meaning, exact words only, or meaning only</source>
        <translation>Wie gesucht wird: nach Wörtern und Bedeutung, nur nach genauen Wörtern oder nur nach Bedeutung</translation>
    </message>
    <message>
        <source>All systems</source>
        <translation>Alle Systeme</translation>
    </message>
    <message>
        <source>Also show articles written for other systems than this one ({system})</source>
        <translation>Auch Artikel für andere Systeme als dieses ({system}) anzeigen</translation>
    </message>
    <message>
        <source>Show articles for all operating systems</source>
        <translation>Artikel für alle Betriebssysteme anzeigen</translation>
    </message>
    <message>
        <source>Search failed</source>
        <translation>Die Suche ist fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>settings_dialog</name>
    <message>
        <source>Best match (words and meaning)</source>
        <extracomment>settings a lock on another one locks too: the articles folder is a source (``local``), and a policy that locks ``sources`` leaves the user&apos;s sources out</extracomment>
        <translation>Beste Treffer (Wörter und Bedeutung)</translation>
    </message>
    <message>
        <source>Exact words</source>
        <translation>Genaue Wörter</translation>
    </message>
    <message>
        <source>Meaning only</source>
        <translation>Nur Bedeutung</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Default search mode</source>
        <translation>Standard-Suchmodus</translation>
    </message>
    <message>
        <source>Colour theme</source>
        <translation>Farbschema</translation>
    </message>
    <message>
        <source>Language of kbdesk</source>
        <translation>Sprache von kbdesk</translation>
    </message>
    <message>
        <source>Keep a local history of searches, views and feedback (never sent anywhere)</source>
        <translation>Einen lokalen Verlauf von Suchen, angesehenen Artikeln und Rückmeldungen führen (wird nie verschickt)</translation>
    </message>
    <message>
        <source>Show articles written for other operating systems</source>
        <translation>Artikel für andere Betriebssysteme anzeigen</translation>
    </message>
    <message>
        <source>Same as the system ({language})</source>
        <translation>Wie das System ({language})</translation>
    </message>
    <message>
        <source>Settings</source>
        <extracomment>&quot;Sync now&quot; was clicked: sync the git sources now</extracomment>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Articles folder</source>
        <translation>Artikelordner</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose the articles folder</source>
        <translation>Artikelordner auswählen</translation>
    </message>
    <message>
        <source>A new language applies when kbdesk starts again.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von kbdesk.</translation>
    </message>
    <message>
        <source>Keep a local history of searches and feedback</source>
        <translation>Lokalen Verlauf von Suchen und Rückmeldungen führen</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>A&amp;llgemein</translation>
    </message>
    <message>
        <source>Service &amp;desk</source>
        <translation>Service&amp;desk</translation>
    </message>
    <message>
        <source>Set by your organisation: {reason}</source>
        <translation>Von Ihrer Organisation festgelegt: {reason}</translation>
    </message>
    <message>
        <source>{setting} is locked</source>
        <translation>{setting} ist gesperrt</translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation>Wissensdatenbank</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Add or remove sources with &lt;code&gt;kbdesk sources&lt;/code&gt;.</source>
        <translation>Quellen fügen Sie mit &lt;code&gt;kbdesk sources&lt;/code&gt; hinzu oder entfernen sie.</translation>
    </message>
    <message>
        <source>S&amp;ync now</source>
        <translation>Jetzt s&amp;ynchronisieren</translation>
    </message>
    <message>
        <source>Fetch the newest reviewed articles of every git source now</source>
        <translation>Die neuesten geprüften Artikel aller Git-Quellen jetzt abrufen</translation>
    </message>
    <message>
        <source>Reading the sources…</source>
        <translation>Die Quellen werden gelesen…</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Wird synchronisiert…</translation>
    </message>
    <message>
        <source>Storing the secret in the system keyring…</source>
        <translation>Das Geheimnis wird im Schlüsselbund des Systems gespeichert…</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Nicht gespeichert</translation>
    </message>
    <message>
        <source>Show articles for other operating systems too</source>
        <translation>Auch Artikel für andere Betriebssysteme anzeigen</translation>
    </message>
    <message>
        <source>A folder of Markdown articles to search besides the sources below (empty: none)</source>
        <extracomment>tool tips (and, for the combos, accessible names): what each setting does, for the person choosing</extracomment>
        <translation>Ein Ordner mit Markdown-Artikeln, der zusätzlich zu den Quellen unten durchsucht wird (leer: keiner)</translation>
    </message>
    <message>
        <source>Search the starter articles shipped with kbdesk too</source>
        <translation>Auch die mit kbdesk mitgelieferten Startartikel durchsuchen</translation>
    </message>
    <message>
        <source>git</source>
        <translation>Git</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>{kind}, set by your organisation</source>
        <translation>{kind}, von Ihrer Organisation festgelegt</translation>
    </message>
    <message>
        <source>{kind}, shipped with kbdesk</source>
        <translation>{kind}, mit kbdesk mitgeliefert</translation>
    </message>
    <message>
        <source>None: only the sources below</source>
        <extracomment>the value each widget showed when the dialog opened: only what the person changed is saved</extracomment>
        <translation>Keiner: nur die Quellen unten</translation>
    </message>
    <message>
        <source>Include the starter articles shipped with kbdesk</source>
        <translation>Die mit kbdesk mitgelieferten Startartikel einbeziehen</translation>
    </message>
    <message>
        <source>Articles &amp;folder:</source>
        <translation>&amp;Artikelordner:</translation>
    </message>
    <message>
        <source>Default &amp;search:</source>
        <translation>&amp;Standardsuche:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Sp&amp;rache:</translation>
    </message>
    <message>
        <source>History stays on this computer and is never sent anywhere.</source>
        <translation>Der Verlauf bleibt auf diesem Computer und wird nie verschickt.</translation>
    </message>
    <message>
        <source>Settings error</source>
        <translation>Fehler in den Einstellungen</translation>
    </message>
</context>
<context>
    <name>shortcuts_view</name>
    <message>
        <source>Enter</source>
        <comment>the key</comment>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>&lt;b&gt;Keyboard shortcuts&lt;/b&gt;</source>
        <translation>&lt;b&gt;Tastenkürzel&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Back to search</source>
        <translation>Zurück zur Suche</translation>
    </message>
    <message>
        <source>Back to the search page (Ctrl+K)</source>
        <translation>Zurück zur Suchseite (Strg+K)</translation>
    </message>
    <message>
        <source>Everything in kbdesk works with the keyboard alone. Menus open with Alt and their underlined letter.</source>
        <translation>In kbdesk geht alles allein mit der Tastatur. Menüs öffnen sich mit Alt und ihrem unterstrichenen Buchstaben.</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>What they do</source>
        <translation>Was sie tun</translation>
    </message>
</context>
<context>
    <name>sources_words</name>
    <message>
        <source>set by your organisation&apos;s policy</source>
        <translation>durch die Richtlinie Ihrer Organisation festgelegt</translation>
    </message>
    <message>
        <source>the folder as it is</source>
        <translation>der Ordner, wie er ist</translation>
    </message>
    <message>
        <source>folder not found</source>
        <translation>Ordner nicht gefunden</translation>
    </message>
    <message>
        <source>revision {revision} of {date}</source>
        <translation>Revision {revision} vom {date}</translation>
    </message>
    <message>
        <source>nothing yet</source>
        <translation>noch nichts</translation>
    </message>
    <message>
        <source>{serving}; last sync {time}</source>
        <translation>{serving}; zuletzt synchronisiert {time}</translation>
    </message>
    <message>
        <source>{serving}; never synced</source>
        <translation>{serving}; noch nie synchronisiert</translation>
    </message>
    <message>
        <source>revision {revision} not served: lint found errors</source>
        <translation>Revision {revision} wird nicht verwendet: die Prüfung hat Fehler gefunden</translation>
    </message>
    <message>
        <source>revision {revision} not served: {reason}</source>
        <translation>Revision {revision} wird nicht verwendet: {reason}</translation>
    </message>
    <message>
        <source>revision {revision} not served: its signature was refused</source>
        <translation>Revision {revision} wird nicht verwendet: ihre Signatur wurde abgelehnt</translation>
    </message>
    <message>
        <source>Offline: could not update {sources}</source>
        <translation>Offline: {sources} konnte nicht aktualisiert werden</translation>
    </message>
    <message>
        <source>Could not update {sources}</source>
        <translation>{sources} konnte nicht aktualisiert werden</translation>
    </message>
    <message>
        <source>; showing articles from {date}</source>
        <translation>; angezeigt werden die Artikel vom {date}</translation>
    </message>
    <message numerus="yes">
        <source>, retrying in %n min</source>
        <translation>
            <numerusform>, neuer Versuch in %Ln Minute</numerusform>
            <numerusform>, neuer Versuch in %Ln Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (and %n more)</source>
        <translation>
            <numerusform> (und %Ln weitere)</numerusform>
            <numerusform> (und %Ln weitere)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>status_area</name>
    <message>
        <source>Checking articles…</source>
        <translation>Artikel werden geprüft…</translation>
    </message>
    <message>
        <source>Indexing articles…</source>
        <translation>Artikel werden indiziert…</translation>
    </message>
    <message>
        <source>Preparing semantic search…</source>
        <translation>Semantische Suche wird vorbereitet…</translation>
    </message>
    <message>
        <source>Articles that need fixing; opens writer mode</source>
        <extracomment>an error shown in the status label is cut here (the whole of it is in the tool tip) the &quot;needs fixing&quot; button&apos;s text is elided to this width the sources&apos; line is elided to this width (the whole of it is the first line of its tool tip) the &quot;needs fixing&quot; button was clicked</extracomment>
        <translation>Artikel, die überarbeitet werden müssen; öffnet den Autorenmodus</translation>
    </message>
    <message>
        <source>Indexing progress</source>
        <translation>Fortschritt der Indizierung</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>Status der Suche</translation>
    </message>
    <message>
        <source>Knowledge base status</source>
        <translation>Stand der Wissensdatenbank</translation>
    </message>
    <message>
        <source>Indexing…</source>
        <translation>Indizierung läuft…</translation>
    </message>
    <message>
        <source>Articles unavailable: {reason}</source>
        <translation>Artikel nicht verfügbar: {reason}</translation>
    </message>
    <message>
        <source>{error}

Details: Help &gt; Open log folder</source>
        <translation>{error}

Einzelheiten: Hilfe &gt; Protokollordner öffnen</translation>
    </message>
    <message>
        <source>Getting the articles ready…</source>
        <translation>Die Artikel werden vorbereitet…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Semantic search loading… keyword results shown</source>
        <translation>Semantische Suche wird geladen… Ergebnisse der Stichwortsuche angezeigt</translation>
    </message>
    <message>
        <source>Preparing semantic search for this computer (once, about a minute)… keyword results shown</source>
        <translation>Semantische Suche wird für diesen Computer vorbereitet (einmalig, etwa eine Minute)… Ergebnisse der Stichwortsuche angezeigt</translation>
    </message>
    <message>
        <source>Semantic search unavailable; keyword results shown</source>
        <translation>Semantische Suche nicht verfügbar; Ergebnisse der Stichwortsuche angezeigt</translation>
    </message>
    <message>
        <source>Keyword search</source>
        <translation>Stichwortsuche</translation>
    </message>
    <message numerus="yes">
        <source>%n articles</source>
        <translation>
            <numerusform>%Ln Artikel</numerusform>
            <numerusform>%Ln Artikel</numerusform>
        </translation>
    </message>
    <message>
        <source>{file} (line {line}) needs fixing — open in writer mode</source>
        <translation>{file} (Zeile {line}) muss überarbeitet werden – im Autorenmodus öffnen</translation>
    </message>
    <message>
        <source>{file} needs fixing — open in writer mode</source>
        <translation>{file} muss überarbeitet werden – im Autorenmodus öffnen</translation>
    </message>
    <message numerus="yes">
        <source>%n articles need fixing — open writer mode</source>
        <translation>
            <numerusform>%Ln Artikel muss überarbeitet werden – Autorenmodus öffnen</numerusform>
            <numerusform>%Ln Artikel müssen überarbeitet werden – Autorenmodus öffnen</numerusform>
        </translation>
    </message>
    <message>
        <source>Shown because writer mode is used on this computer; readers do not see it.</source>
        <translation>Angezeigt, weil auf diesem Computer der Autorenmodus verwendet wird; Leser sehen das nicht.</translation>
    </message>
</context>
<context>
    <name>writer</name>
    <message>
        <source>Title</source>
        <extracomment>health second, so it stays in view when the list is narrow (English, translated in the header)</extracomment>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Review by</source>
        <translation>Nächste Prüfung</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Kennung</translation>
    </message>
    <message>
        <source>Open the article to see each problem.</source>
        <extracomment>quiet time after an index sync before the list is checked again files named in the problems line before &quot;and N more&quot;</extracomment>
        <translation>Öffnen Sie den Artikel, um jedes Problem zu sehen.</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>nicht lesbar</translation>
    </message>
    <message numerus="yes">
        <source>%n errors</source>
        <translation>
            <numerusform>%Ln Fehler</numerusform>
            <numerusform>%Ln Fehler</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warnings</source>
        <translation>
            <numerusform>%Ln Warnung</numerusform>
            <numerusform>%Ln Warnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>review overdue</source>
        <translation>Prüfung überfällig</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>veraltet</translation>
    </message>
    <message>
        <source>&lt;b&gt;Writer mode&lt;/b&gt;</source>
        <extracomment>a folder overview arrived and is shown (tests wait on it)</extracomment>
        <translation>&lt;b&gt;Autorenmodus&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Check status</source>
        <translation>Stand der Prüfung</translation>
    </message>
    <message>
        <source>&amp;New article…</source>
        <translation>&amp;Neuer Artikel…</translation>
    </message>
    <message>
        <source>&amp;Check near-duplicates</source>
        <translation>&amp;Beinahe-Duplikate prüfen</translation>
    </message>
    <message>
        <source>Re-check</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <source>Back to search</source>
        <translation>Zurück zur Suche</translation>
    </message>
    <message>
        <source>Back to the search page (Ctrl+K)</source>
        <translation>Zurück zur Suchseite (Strg+K)</translation>
    </message>
    <message>
        <source>Open {file} in the editor</source>
        <translation>{file} im Editor öffnen</translation>
    </message>
    <message>
        <source>Also compare articles by meaning; loads the language model (a few seconds)</source>
        <translation>Artikel auch nach Bedeutung vergleichen; lädt das Sprachmodell (einige Sekunden)</translation>
    </message>
    <message>
        <source>Run the checks on every article again</source>
        <translation>Alle Artikel noch einmal prüfen</translation>
    </message>
    <message>
        <source>Filter by title, id, status, owner…</source>
        <translation>Nach Titel, Kennung, Status, Zuständigen filtern…</translation>
    </message>
    <message>
        <source>Filter articles</source>
        <translation>Artikel filtern</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Left out of search (not an article as written)</source>
        <translation>Nicht in der Suche (so geschrieben kein Artikel)</translation>
    </message>
    <message>
        <source>In search with errors (the faulty fields are ignored)</source>
        <translation>Mit Fehlern in der Suche (die fehlerhaften Felder werden ignoriert)</translation>
    </message>
    <message numerus="yes">
        <source>(and %n more)</source>
        <translation>
            <numerusform>(und %Ln weitere)</numerusform>
            <numerusform>(und %Ln weitere)</numerusform>
        </translation>
    </message>
    <message>
        <source>line {line}: {problem}</source>
        <translation>Zeile {line}: {problem}</translation>
    </message>
    <message>
        <source>Checking near-duplicates (loading the language model)…</source>
        <translation>Beinahe-Duplikate werden geprüft (Sprachmodell wird geladen)…</translation>
    </message>
    <message>
        <source>Checking articles…</source>
        <translation>Artikel werden geprüft…</translation>
    </message>
    <message numerus="yes">
        <source>%n articles</source>
        <translation>
            <numerusform>%Ln Artikel</numerusform>
            <numerusform>%Ln Artikel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due for review</source>
        <translation>
            <numerusform>%Ln zur Prüfung fällig</numerusform>
            <numerusform>%Ln zur Prüfung fällig</numerusform>
        </translation>
    </message>
    <message>
        <source>near-duplicates checked</source>
        <translation>Beinahe-Duplikate geprüft</translation>
    </message>
    <message>
        <source>Could not check the articles</source>
        <translation>Die Artikel konnten nicht geprüft werden</translation>
    </message>
    <message>
        <source>New article</source>
        <translation>Neuer Artikel</translation>
    </message>
    <message>
        <source>Title (what the reader&apos;s problem is):</source>
        <translation>Titel (worin das Problem des Lesers besteht):</translation>
    </message>
    <message>
        <source>Could not create {file}</source>
        <translation>{file} konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>Created draft {file}; drafts are not shown to readers</source>
        <translation>Entwurf {file} angelegt; Entwürfe sehen Leser nicht</translation>
    </message>
</context>
<context>
    <name>writer_conflict</name>
    <message>
        <source>The article changed on disk</source>
        <extracomment>what :attr:`ArticleEditor.resolve_conflict &lt;kbdesk.gui.writer_editor.ArticleEditor.resolve_conflict&gt;` may answer</extracomment>
        <translation>Der Artikel wurde auf der Festplatte geändert</translation>
    </message>
    <message>
        <source>{file} was deleted or moved away since you opened it.</source>
        <translation>{file} wurde gelöscht oder verschoben, seit Sie ihn geöffnet haben.</translation>
    </message>
    <message>
        <source>{file} was changed by another program since you opened it.</source>
        <translation>{file} wurde von einem anderen Programm geändert, seit Sie ihn geöffnet haben.</translation>
    </message>
    <message>
        <source>Saving now would replace that version with yours.</source>
        <translation>Speichern würde diese Fassung jetzt durch Ihre ersetzen.</translation>
    </message>
    <message>
        <source>Differences</source>
        <translation>Unterschiede</translation>
    </message>
    <message>
        <source>Reload theirs</source>
        <translation>Deren Fassung laden</translation>
    </message>
    <message>
        <source>Drop your edits and load the version on disk</source>
        <translation>Ihre Änderungen verwerfen und die Fassung auf der Festplatte laden</translation>
    </message>
    <message>
        <source>Save mine as a copy</source>
        <translation>Meine als Kopie speichern</translation>
    </message>
    <message>
        <source>Overwrite theirs…</source>
        <translation>Deren überschreiben…</translation>
    </message>
    <message>
        <source>Show differences</source>
        <translation>Unterschiede zeigen</translation>
    </message>
    <message>
        <source>Overwrite the other version?</source>
        <translation>Die andere Fassung überschreiben?</translation>
    </message>
    <message>
        <source>The version on disk will be replaced by yours and its changes will be lost.</source>
        <translation>Die Fassung auf der Festplatte wird durch Ihre ersetzt, ihre Änderungen gehen verloren.</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Meine behalten</translation>
    </message>
    <message>
        <source>Keep editing; saving will ask again before anything is replaced</source>
        <translation>Weiter bearbeiten; beim Speichern wird noch einmal gefragt, bevor etwas ersetzt wird</translation>
    </message>
    <message>
        <source>Differences — {file}</source>
        <translation>Unterschiede – {file}</translation>
    </message>
</context>
<context>
    <name>writer_editor</name>
    <message>
        <source>Article text (markdown)</source>
        <extracomment>the Save button&apos;s shortcut (writer mode lists it in Help &gt; Keyboard shortcuts) quiet time after a file-system event before the file is read (editors write in several steps)</extracomment>
        <translation>Artikeltext (Markdown)</translation>
    </message>
    <message>
        <source>Choose an article on the left, or make a new one.</source>
        <translation>Wählen Sie links einen Artikel, oder legen Sie einen neuen an.</translation>
    </message>
    <message>
        <source>No article open</source>
        <extracomment>a file was written (the path written, which is the copy&apos;s after &quot;save as copy&quot;) a file was loaded into the editor the editor&apos;s text differs (True) or not (False) from the file as loaded the preview was rendered (tests wait on it) short messages for the status bar decides a save conflict; returns one of CONFLICT_CHOICES (tests replace it) asked before unsaved edits are dropped (opening another file); True to go on</extracomment>
        <translation>Kein Artikel geöffnet</translation>
    </message>
    <message>
        <source>Drop your edits and load the file again</source>
        <translation>Ihre Änderungen verwerfen und die Datei neu laden</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>The article as readers will see it</source>
        <translation>Der Artikel, wie Leser ihn sehen werden</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Save the article ({keys})</source>
        <translation>Den Artikel speichern ({keys})</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>Ver&amp;werfen</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Test this article</source>
        <translation>Artikel testen</translation>
    </message>
    <message>
        <source>Users&apos; words</source>
        <translation>Worte der Leser</translation>
    </message>
    <message>
        <source>What readers typed before this article solved their problem</source>
        <translation>Was Leser eingegeben haben, bevor dieser Artikel ihr Problem gelöst hat</translation>
    </message>
    <message>
        <source>edited, not saved</source>
        <translation>bearbeitet, nicht gespeichert</translation>
    </message>
    <message>
        <source>Could not open {file}: {reason}</source>
        <translation>{file} konnte nicht geöffnet werden: {reason}</translation>
    </message>
    <message>
        <source>{file} no longer exists on disk</source>
        <translation>{file} gibt es auf der Festplatte nicht mehr</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Drop your edits and load the saved file again?</source>
        <translation>Ihre Änderungen verwerfen und die gespeicherte Datei neu laden?</translation>
    </message>
    <message>
        <source>Not saved: the file on disk was left as it is</source>
        <translation>Nicht gespeichert: die Datei auf der Festplatte bleibt, wie sie ist</translation>
    </message>
    <message>
        <source>Could not save {file}</source>
        <translation>{file} konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Your edits are still here; try again or save elsewhere.</source>
        <translation>Ihre Änderungen sind noch da; versuchen Sie es erneut oder speichern Sie an anderer Stelle.</translation>
    </message>
    <message>
        <source>Saved {file}</source>
        <translation>{file} gespeichert</translation>
    </message>
    <message>
        <source>Could not write {file}</source>
        <translation>{file} konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Your edits are still here.</source>
        <translation>Ihre Änderungen sind noch da.</translation>
    </message>
    <message>
        <source>Your version was saved as {file}; the original was left as it is</source>
        <translation>Ihre Fassung wurde als {file} gespeichert; das Original bleibt, wie es ist</translation>
    </message>
    <message>
        <source>Unsaved edits</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>{file} has edits that are not saved.</source>
        <translation>{file} hat Änderungen, die nicht gespeichert sind.</translation>
    </message>
    <message>
        <source>The article has edits that are not saved.</source>
        <translation>Der Artikel hat Änderungen, die nicht gespeichert sind.</translation>
    </message>
    <message>
        <source>{file} was deleted or moved away. Saving will write it again.</source>
        <translation>{file} wurde gelöscht oder verschoben. Beim Speichern wird die Datei neu geschrieben.</translation>
    </message>
    <message>
        <source>{file} changed on disk and was reloaded</source>
        <translation>{file} wurde auf der Festplatte geändert und neu geladen</translation>
    </message>
    <message>
        <source>{file} was changed by another program while you were editing it. Your edits are kept; nothing is overwritten without asking.</source>
        <translation>{file} wurde von einem anderen Programm geändert, während Sie ihn bearbeitet haben. Ihre Änderungen bleiben erhalten; nichts wird ohne Rückfrage überschrieben.</translation>
    </message>
    <message>
        <source>unknown problem</source>
        <translation>unbekanntes Problem</translation>
    </message>
    <message>
        <source>The front matter cannot be read (line {line}): {problem}. Fix it in the Markdown tab.</source>
        <translation>Das Front Matter ist nicht lesbar (Zeile {line}): {problem}. Korrigieren Sie es im Reiter Markdown.</translation>
    </message>
    <message>
        <source>The front matter cannot be read: {problem}. Fix it in the Markdown tab.</source>
        <translation>Das Front Matter ist nicht lesbar: {problem}. Korrigieren Sie es im Reiter Markdown.</translation>
    </message>
    <message>
        <source>The preview could not be shown</source>
        <translation>Die Vorschau konnte nicht angezeigt werden</translation>
    </message>
    <message>
        <source>line {line}: {problem}</source>
        <translation>Zeile {line}: {problem}</translation>
    </message>
    <message>
        <source>Not shown to readers</source>
        <translation>Wird Lesern nicht angezeigt</translation>
    </message>
    <message>
        <source>The app cannot read this text as an article: {problem}</source>
        <translation>Die App kann diesen Text nicht als Artikel lesen: {problem}</translation>
    </message>
    <message>
        <source>Added “{symptom}” to the symptoms; save to keep it</source>
        <translation>„{symptom}“ zu den Symptomen hinzugefügt; speichern, um es zu behalten</translation>
    </message>
    <message>
        <source>Could not add the symptom</source>
        <translation>Das Symptom konnte nicht hinzugefügt werden</translation>
    </message>
    <message>
        <source>“{symptom}” is already one of the symptoms</source>
        <translation>„{symptom}“ ist schon eines der Symptome</translation>
    </message>
    <message>
        <source>Added “{symptom}” to the symptoms of {file}</source>
        <translation>„{symptom}“ zu den Symptomen von {file} hinzugefügt</translation>
    </message>
</context>
<context>
    <name>writer_findings</name>
    <message>
        <source>Checks</source>
        <extracomment>a finding with a line was clicked or activated (its 1-based line)</extracomment>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <source>Problems found in this article</source>
        <translation>In diesem Artikel gefundene Probleme</translation>
    </message>
    <message>
        <source>line {line}</source>
        <translation>Zeile {line}</translation>
    </message>
    <message>
        <source>whole file</source>
        <translation>ganze Datei</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Click to go to the line.</source>
        <translation>Klicken, um zur Zeile zu gehen.</translation>
    </message>
    <message>
        <source>Checks: no problems found in the saved file</source>
        <translation>Prüfungen: keine Probleme in der gespeicherten Datei</translation>
    </message>
    <message>
        <source>Checks of the saved file: {errors}, {warnings} — click one to go there</source>
        <translation>Prüfungen der gespeicherten Datei: {errors}, {warnings} – zum Hinspringen anklicken</translation>
    </message>
    <message numerus="yes">
        <source>%n errors</source>
        <translation>
            <numerusform>%Ln Fehler</numerusform>
            <numerusform>%Ln Fehler</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warnings</source>
        <translation>
            <numerusform>%Ln Warnung</numerusform>
            <numerusform>%Ln Warnungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>writer_form</name>
    <message>
        <source>Stable and unique; other articles link to it. Change it only with care.</source>
        <translation>Dauerhaft und eindeutig; andere Artikel verlinken darauf. Nur mit Bedacht ändern.</translation>
    </message>
    <message>
        <source>network, wifi</source>
        <comment>example tags</comment>
        <translation>netzwerk, wlan</translation>
    </message>
    <message>
        <source>Leave all unticked for an article that applies everywhere</source>
        <translation>Für einen Artikel, der überall gilt, alle Häkchen weglassen</translation>
    </message>
    <message>
        <source>How people describe the problem, one per line</source>
        <translation>Wie Leute das Problem beschreiben, eine Beschreibung pro Zeile</translation>
    </message>
    <message>
        <source>0x80070005, DNS_PROBE_FINISHED_NXDOMAIN</source>
        <comment>example error codes</comment>
        <translation>0x80070005, DNS_PROBE_FINISHED_NXDOMAIN</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>JJJJ-MM-TT</translation>
    </message>
    <message>
        <source>Reviewed today</source>
        <translation>Heute geprüft</translation>
    </message>
    <message>
        <source>Set &apos;reviewed&apos; to today and &apos;review by&apos; six months ahead</source>
        <translation>„reviewed“ auf heute und „review_by“ auf sechs Monate später setzen</translation>
    </message>
    <message>
        <source>Tit&amp;le</source>
        <translation>T&amp;itel</translation>
    </message>
    <message>
        <source>Su&amp;mmary</source>
        <translation>Zusammen&amp;fassung</translation>
    </message>
    <message>
        <source>Revie&amp;wed</source>
        <translation>Zuletzt gepr&amp;üft</translation>
    </message>
    <message>
        <source>&amp;Id</source>
        <translation>&amp;Kennung</translation>
    </message>
    <message>
        <source>T&amp;ags</source>
        <translation>Schlagw&amp;örter</translation>
    </message>
    <message>
        <source>&amp;Platforms</source>
        <translation>&amp;Plattformen</translation>
    </message>
    <message>
        <source>S&amp;ymptoms</source>
        <translation>S&amp;ymptome</translation>
    </message>
    <message>
        <source>&amp;Error codes</source>
        <translation>Fehler&amp;codes</translation>
    </message>
    <message>
        <source>Au&amp;dience</source>
        <translation>&amp;Zielgruppe</translation>
    </message>
    <message>
        <source>Stat&amp;us</source>
        <translation>Stat&amp;us</translation>
    </message>
    <message>
        <source>&amp;Owner</source>
        <translation>Zust&amp;ändig</translation>
    </message>
    <message>
        <source>Review &amp;by</source>
        <translation>Nächste P&amp;rüfung</translation>
    </message>
    <message>
        <source>Front matter: {key}</source>
        <translation>Front Matter: {key}</translation>
    </message>
</context>
<context>
    <name>writer_phrasings</name>
    <message>
        <source>No search has led to this article on this computer yet. Phrasings appear here after readers answer “Did this solve your problem?”; a fleet&apos;s can be imported with &lt;code&gt;kbdesk feedback import&lt;/code&gt;.</source>
        <extracomment>(article id, its symptoms) -&gt; the review; runs on the history&apos;s lane</extracomment>
        <translation>Auf diesem Computer hat noch keine Suche zu diesem Artikel geführt. Formulierungen erscheinen hier, nachdem Leser „Hat das Ihr Problem gelöst?“ beantwortet haben; die einer ganzen Flotte lassen sich mit &lt;code&gt;kbdesk feedback import&lt;/code&gt; einlesen.</translation>
    </message>
    <message>
        <source>solved</source>
        <extracomment>what became of a search (kbdesk.core.learning.review&apos;s kinds), as counted beside each phrasing</extracomment>
        <translation>gelöst</translation>
    </message>
    <message>
        <source>long read</source>
        <translation>lange gelesen</translation>
    </message>
    <message>
        <source>&quot;No&quot;</source>
        <translation>„Nein“</translation>
    </message>
    <message>
        <source>then asked for help</source>
        <translation>danach um Hilfe gebeten</translation>
    </message>
    <message numerus="yes">
        <source>%n machines</source>
        <translation>
            <numerusform>%Ln Computer</numerusform>
            <numerusform>%Ln Computer</numerusform>
        </translation>
    </message>
    <message>
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <source>last seen {date} {time}</source>
        <translation>zuletzt gesehen am {date} um {time}</translation>
    </message>
    <message>
        <source>✓ in symptoms</source>
        <translation>✓ in den Symptomen</translation>
    </message>
    <message>
        <source>“{symptom}” is already a symptom</source>
        <translation>„{symptom}“ ist schon ein Symptom</translation>
    </message>
    <message>
        <source>Add to symptoms</source>
        <translation>Zu den Symptomen</translation>
    </message>
    <message>
        <source>Add “{symptom}” to this article&apos;s symptoms</source>
        <translation>„{symptom}“ zu den Symptomen dieses Artikels hinzufügen</translation>
    </message>
    <message>
        <source>Add “{symptom}” to symptoms</source>
        <translation>„{symptom}“ zu den Symptomen hinzufügen</translation>
    </message>
    <message>
        <source>What readers typed before this article solved their problem, and searches it did not answer. A phrasing added to the symptoms becomes part of the article, for every reader.</source>
        <extracomment>the writer asked to add this text to the article&apos;s symptoms a review arrived and is shown (tests wait on it) symptom text -&gt; its button, for the phrasings that can still be added</extracomment>
        <translation>Was Leser eingegeben haben, bevor dieser Artikel ihr Problem gelöst hat, und Suchen, die er nicht beantwortet hat. Eine Formulierung, die zu den Symptomen hinzugefügt wird, wird Teil des Artikels, für alle Leser.</translation>
    </message>
    <message>
        <source>Users&apos; words status</source>
        <translation>Stand der Worte der Leser</translation>
    </message>
    <message>
        <source>Phrasings readers used</source>
        <translation>Formulierungen der Leser</translation>
    </message>
    <message>
        <source>Reading the history…</source>
        <translation>Der Verlauf wird gelesen…</translation>
    </message>
    <message>
        <source>Could not read what readers typed</source>
        <translation>Was Leser eingegeben haben, konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Found with {phrasings}; {searches} it did not answer.</source>
        <translation>Gefunden mit {phrasings}; {searches}, die er nicht beantwortet hat.</translation>
    </message>
    <message numerus="yes">
        <source>%n phrasings</source>
        <translation>
            <numerusform>%Ln Formulierung</numerusform>
            <numerusform>%Ln Formulierungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n searches</source>
        <translation>
            <numerusform>%Ln Suche</numerusform>
            <numerusform>%Ln Suchen</numerusform>
        </translation>
    </message>
    <message>
        <source>Readers found it with</source>
        <translation>Leser haben ihn gefunden mit</translation>
    </message>
    <message>
        <source>It did not answer (“No”, or they asked for help)</source>
        <translation>Er hat nicht geantwortet auf („Nein“, oder es wurde um Hilfe gebeten)</translation>
    </message>
</context>
<context>
    <name>writer_testing</name>
    <message>
        <source>exact words (the language model is not loaded)</source>
        <translation>genauen Wörtern (das Sprachmodell ist nicht geladen)</translation>
    </message>
    <message>
        <source>words and meaning</source>
        <translation>Wörtern und Bedeutung</translation>
    </message>
    <message>
        <source>meaning</source>
        <translation>Bedeutung</translation>
    </message>
    <message>
        <source>title</source>
        <extracomment>the article&apos;s parts a query word can be found in (kbdesk.core.authoring names them in English)</extracomment>
        <translation>Titel</translation>
    </message>
    <message>
        <source>summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>symptoms</source>
        <translation>Symptome</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <source>error codes</source>
        <translation>Fehlercodes</translation>
    </message>
    <message>
        <source>body</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Type what a reader would search for and see where this article ranks, among articles of every status.</source>
        <extracomment>a ranking finished (an ArticleTestResult) a ranking starts: the editor shows this tab</extracomment>
        <translation>Geben Sie ein, wonach ein Leser suchen würde, und sehen Sie, auf welchem Rang dieser Artikel landet – unter Artikeln jedes Status.</translation>
    </message>
    <message>
        <source>printer says offline</source>
        <comment>an example query</comment>
        <translation>Drucker ist offline</translation>
    </message>
    <message>
        <source>Test query</source>
        <translation>Testanfrage</translation>
    </message>
    <message>
        <source>Rank it</source>
        <translation>Rang ermitteln</translation>
    </message>
    <message>
        <source>Test result</source>
        <translation>Testergebnis</translation>
    </message>
    <message>
        <source>The search index is not ready yet; try again in a moment.</source>
        <translation>Der Suchindex ist noch nicht bereit; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Fix the front matter first: the app cannot read this text as an article.</source>
        <translation>Korrigieren Sie zuerst das Front Matter: die App kann diesen Text nicht als Artikel lesen.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>Could not search</source>
        <translation>Die Suche ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Rank {rank} of {results}</source>
        <translation>Rang {rank} von {results}</translation>
    </message>
    <message>
        <source>Not in the results</source>
        <translation>Nicht unter den Ergebnissen</translation>
    </message>
    <message numerus="yes">
        <source>This article is not among the %n articles found for this query.</source>
        <translation>
            <numerusform>Dieser Artikel ist nicht der eine Artikel, der zu dieser Anfrage gefunden wurde.</numerusform>
            <numerusform>Dieser Artikel ist nicht unter den %Ln Artikeln, die zu dieser Anfrage gefunden wurden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Searched by {mode}, over articles of every status and system.</source>
        <translation>Gesucht nach {mode}, über Artikel jedes Status und Systems.</translation>
    </message>
    <message>
        <source>Keyword rank</source>
        <translation>Rang nach Stichwörtern</translation>
    </message>
    <message>
        <source>(BM25 score {score})</source>
        <translation>(BM25-Wert {score})</translation>
    </message>
    <message>
        <source>no keyword match</source>
        <translation>kein Treffer nach Stichwörtern</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Bedeutung</translation>
    </message>
    <message>
        <source>cosine similarity {value}</source>
        <translation>Kosinus-Ähnlichkeit {value}</translation>
    </message>
    <message>
        <source>(semantic rank {rank})</source>
        <translation>(semantischer Rang {rank})</translation>
    </message>
    <message>
        <source>not measured: the language model is not loaded</source>
        <translation>nicht gemessen: das Sprachmodell ist nicht geladen</translation>
    </message>
    <message>
        <source>in {fields}</source>
        <translation>in {fields}</translation>
    </message>
    <message>
        <source>Query words found in this article</source>
        <translation>In diesem Artikel gefundene Suchwörter</translation>
    </message>
    <message>
        <source>{words} — add them (or the words readers use) to the title, summary or symptoms.</source>
        <translation>{words} – ergänzen Sie sie (oder die Wörter, die Leser verwenden) im Titel, in der Zusammenfassung oder in den Symptomen.</translation>
    </message>
    <message>
        <source>Query words missing</source>
        <translation>Fehlende Suchwörter</translation>
    </message>
    <message>
        <source>Top results</source>
        <translation>Beste Ergebnisse</translation>
    </message>
    <message>
        <source>Ranks are for the last saved version; save to rank your latest edits.</source>
        <translation>Die Ränge gelten für die zuletzt gespeicherte Fassung; speichern Sie, um Ihre letzten Änderungen zu bewerten.</translation>
    </message>
</context>
</TS>
