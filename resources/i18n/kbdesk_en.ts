<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>app</name>
    <message numerus="yes">
        <source>First start: indexing the articles of %n sources in the background… search works as soon as keyword indexing finishes</source>
        <translation>
            <numerusform>First start: indexing the articles of %Ln source in the background… search works as soon as keyword indexing finishes</numerusform>
            <numerusform>First start: indexing the articles of %Ln sources in the background… search works as soon as keyword indexing finishes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>First start: indexing %n starter articles in the background… search works as soon as keyword indexing finishes</source>
        <translation>
            <numerusform>First start: indexing %Ln starter article in the background… search works as soon as keyword indexing finishes</numerusform>
            <numerusform>First start: indexing %Ln starter articles in the background… search works as soon as keyword indexing finishes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>New articles folder: indexing %n articles in {folder} in the background… search works as soon as keyword indexing finishes</source>
        <translation>
            <numerusform>New articles folder: indexing %Ln article in {folder} in the background… search works as soon as keyword indexing finishes</numerusform>
            <numerusform>New articles folder: indexing %Ln articles in {folder} in the background… search works as soon as keyword indexing finishes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bundle_view</name>
    <message numerus="yes">
        <source>Intact — all %n files match the manifest</source>
        <translation>
            <numerusform>Intact — the one file matches the manifest</numerusform>
            <numerusform>Intact — all %Ln files match the manifest</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n results</source>
        <translation>
            <numerusform>%Ln result</numerusform>
            <numerusform>%Ln results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bytes</source>
        <translation>
            <numerusform>%Ln byte</numerusform>
            <numerusform>%Ln bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>What kbdesk found (%n checks fired of {evaluated})</source>
        <translation>
            <numerusform>What kbdesk found (%Ln check fired of {evaluated})</numerusform>
            <numerusform>What kbdesk found (%Ln checks fired of {evaluated})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>What kbdesk found (%n checks fired)</source>
        <translation>
            <numerusform>What kbdesk found (%Ln check fired)</numerusform>
            <numerusform>What kbdesk found (%Ln checks fired)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>checks_view</name>
    <message numerus="yes">
        <source>… and %n more: show all</source>
        <translation>
            <numerusform>… and %Ln more: show all</numerusform>
            <numerusform>… and %Ln more: show all</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n findings below.)</source>
        <translation>
            <numerusform>(%Ln finding below.)</numerusform>
            <numerusform>(%Ln findings below.)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>escalation_pages</name>
    <message numerus="yes">
        <source>%n bytes</source>
        <translation>
            <numerusform>%Ln byte</numerusform>
            <numerusform>%Ln bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n items will be sent</source>
        <translation>
            <numerusform>%Ln item will be sent</numerusform>
            <numerusform>%Ln items will be sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n items will be sent.</source>
        <translation>
            <numerusform>%Ln item will be sent.</numerusform>
            <numerusform>%Ln items will be sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more characters</source>
        <translation>
            <numerusform>%Ln more character</numerusform>
            <numerusform>%Ln more characters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>%Ln replaced</numerusform>
            <numerusform>%Ln replaced</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>escalation_send</name>
    <message numerus="yes">
        <source>%n items</source>
        <translation>
            <numerusform>%Ln item</numerusform>
            <numerusform>%Ln items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <comment>seconds</comment>
        <translation>
            <numerusform>%Ln s</numerusform>
            <numerusform>%Ln s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>insights_view</name>
    <message numerus="yes">
        <source>%n searches</source>
        <translation>
            <numerusform>%Ln search</numerusform>
            <numerusform>%Ln searches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sessions</source>
        <translation>
            <numerusform>%Ln session</numerusform>
            <numerusform>%Ln sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n views</source>
        <translation>
            <numerusform>%Ln view</numerusform>
            <numerusform>%Ln views</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n times</source>
        <translation>
            <numerusform>%Ln time</numerusform>
            <numerusform>%Ln times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bundles</source>
        <translation>
            <numerusform>%Ln bundle</numerusform>
            <numerusform>%Ln bundles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n escalated cases</source>
        <translation>
            <numerusform>%Ln escalated case</numerusform>
            <numerusform>%Ln escalated cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be read ({names}).</source>
        <translation>
            <numerusform>%Ln could not be read ({names}).</numerusform>
            <numerusform>%Ln could not be read ({names}).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n rows to {path}</source>
        <translation>
            <numerusform>Exported %Ln row to {path}</numerusform>
            <numerusform>Exported %Ln rows to {path}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main_window</name>
    <message numerus="yes">
        <source>Settings problem: {problem} (and %n more; see the log)</source>
        <translation>
            <numerusform>Settings problem: {problem} (and %Ln more; see the log)</numerusform>
            <numerusform>Settings problem: {problem} (and %Ln more; see the log)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n articles found</source>
        <translation>
            <numerusform>%Ln article found</numerusform>
            <numerusform>%Ln articles found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No article matches this well; the nearest %n are shown</source>
        <translation>
            <numerusform>No article matches this well; the nearest is shown</numerusform>
            <numerusform>No article matches this well; the nearest %Ln are shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>requests_view</name>
    <message numerus="yes">
        <source>(tried %n times)</source>
        <translation>
            <numerusform>(tried %Ln time)</numerusform>
            <numerusform>(tried %Ln times)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>search_notes</name>
    <message numerus="yes">
        <source>The %n nearest articles are below, but they are probably not about your problem. Try other words, or ask support.</source>
        <translation>
            <numerusform>The nearest article is below, but it is probably not about your problem. Try other words, or ask support.</numerusform>
            <numerusform>The %Ln nearest articles are below, but they are probably not about your problem. Try other words, or ask support.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sources_words</name>
    <message numerus="yes">
        <source>, retrying in %n min</source>
        <translation>
            <numerusform>, retrying in %Ln min</numerusform>
            <numerusform>, retrying in %Ln min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (and %n more)</source>
        <translation>
            <numerusform> (and %Ln more)</numerusform>
            <numerusform> (and %Ln more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>status_area</name>
    <message numerus="yes">
        <source>%n articles</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n articles need fixing — open writer mode</source>
        <translation>
            <numerusform>%Ln article needs fixing — open writer mode</numerusform>
            <numerusform>%Ln articles need fixing — open writer mode</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>writer</name>
    <message numerus="yes">
        <source>%n errors</source>
        <translation>
            <numerusform>%Ln error</numerusform>
            <numerusform>%Ln errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warnings</source>
        <translation>
            <numerusform>%Ln warning</numerusform>
            <numerusform>%Ln warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(and %n more)</source>
        <translation>
            <numerusform>(and %Ln more)</numerusform>
            <numerusform>(and %Ln more)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n articles</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n due for review</source>
        <translation>
            <numerusform>%Ln due for review</numerusform>
            <numerusform>%Ln due for review</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>writer_findings</name>
    <message numerus="yes">
        <source>%n errors</source>
        <translation>
            <numerusform>%Ln error</numerusform>
            <numerusform>%Ln errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warnings</source>
        <translation>
            <numerusform>%Ln warning</numerusform>
            <numerusform>%Ln warnings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>writer_phrasings</name>
    <message numerus="yes">
        <source>%n machines</source>
        <translation>
            <numerusform>%Ln machine</numerusform>
            <numerusform>%Ln machines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n phrasings</source>
        <translation>
            <numerusform>%Ln phrasing</numerusform>
            <numerusform>%Ln phrasings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n searches</source>
        <translation>
            <numerusform>%Ln search</numerusform>
            <numerusform>%Ln searches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>writer_testing</name>
    <message numerus="yes">
        <source>This article is not among the %n articles found for this query.</source>
        <translation>
            <numerusform>This article is not the one article found for this query.</numerusform>
            <numerusform>This article is not among the %Ln articles found for this query.</numerusform>
        </translation>
    </message>
</context>
</TS>
