"""The legal pages of the demo shop, in German and English.

The facts the shop configures (company data, carriers and their prices,
delivery time, payment methods, bank details) are placeholders such as
[shipping-table] the storefront fills in when it shows a page, so that
the texts cannot contradict the checkout.

Fictional company data; the texts follow the statutory models (e.g. the
Muster-Widerrufsbelehrung and Muster-Widerrufsformular of Anlage 1 and 2
to Art. 246a EGBGB) but are demo content, not legal advice."""

# kind: the page's role, which the storefront links by (footer, checkout)
PAGES = [
    {
        'kind': 'imprint',
        'name': {'de': "Impressum", 'en': "Legal notice"},
        'slug': {'de': 'impressum', 'en': 'legal-notice'},
        'body': {'de': """<h2>Angaben gemäß § 5 DDG</h2>
<p>[company-details]</p>
<h2>Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV</h2>
<p>[managing-directors], [company-name], [company-address]</p>
<h2>Verbraucherstreitbeilegung</h2>
<p>Wir sind nicht bereit und nicht verpflichtet, an Streitbeilegungsverfahren
vor einer Verbraucherschlichtungsstelle teilzunehmen (§ 36
Verbraucherstreitbeilegungsgesetz – VSBG).</p>
<p>Bei Fragen oder Beschwerden zu Ihrer Bestellung wenden Sie sich bitte direkt
an uns, am besten per E-Mail an
<a href="mailto:service@nordlicht-shop.example">service@nordlicht-shop.example</a>.
Wir bemühen uns, jedes Anliegen schnell und einvernehmlich zu lösen.</p>
<h2>Haftung für Links</h2>
<p>Für die Inhalte externer Websites, auf die wir verweisen, sind
ausschließlich deren Betreiber verantwortlich. Werden uns Rechtsverstöße
bekannt, entfernen wir den Verweis umgehend.</p>
<h2>Hinweis</h2>
<p>Der Nordlicht Shop ist ein Demo-Shop. Unternehmen, Personen,
Registerangaben, Bankverbindung und Kontaktdaten sind frei erfunden.</p>""",
            'en': """<h2>Information pursuant to Section 5 DDG</h2>
<p>[company-details]</p>
<h2>Responsible for the content pursuant to Section 18(2) MStV</h2>
<p>[managing-directors], [company-name], [company-address]</p>
<h2>Consumer dispute resolution</h2>
<p>We are neither willing nor obliged to take part in dispute resolution
proceedings before a consumer arbitration board (Section 36 of the German
Consumer Dispute Resolution Act, VSBG).</p>
<p>If you have a question or a complaint about your order, please contact us
directly, preferably by email to
<a href="mailto:service@nordlicht-shop.example">service@nordlicht-shop.example</a>.
We endeavour to settle every matter quickly and amicably.</p>
<h2>Liability for links</h2>
<p>The operators of external websites we refer to are solely responsible for
their content. If we become aware of any infringement, we will remove the link
without delay.</p>
<h2>Please note</h2>
<p>Nordlicht Shop is a demo shop. The company, persons, register entries, bank
details and contact details are entirely fictional.</p>
<p>DDG: Digitale-Dienste-Gesetz (German Digital Services Act); MStV:
Medienstaatsvertrag (Interstate Media Treaty).</p>""",
            },
        },
    {
        'kind': 'terms',
        'name': {'de': "AGB", 'en': "Terms and conditions"},
        'slug': {'de': 'agb', 'en': 'terms-and-conditions'},
        'body': {'de': """<h2>§ 1 Geltungsbereich</h2>
<p>Diese Allgemeinen Geschäftsbedingungen (AGB) gelten für alle Verträge, die
Sie als Verbraucherin oder Verbraucher über den Online-Shop „Nordlicht Shop“
mit uns schließen. Verbraucher ist jede natürliche Person, die ein
Rechtsgeschäft zu Zwecken abschließt, die überwiegend weder ihrer gewerblichen
noch ihrer selbständigen beruflichen Tätigkeit zugerechnet werden können
(§ 13 BGB).</p>
<h2>§ 2 Vertragspartner</h2>
<p>Ihr Vertragspartner ist die [company-name], [company-address],
eingetragen im Handelsregister: [commercial-register] (nachfolgend „wir“). Sie
erreichen uns per E-Mail an [company-email] oder telefonisch unter
[company-phone].</p>
<h2>§ 3 Vertragsschluss</h2>
<ol>
<li>Die Darstellung der Waren im Online-Shop ist kein rechtlich bindendes
Angebot, sondern eine Aufforderung zur Bestellung.</li>
<li>Sie legen Waren in den Warenkorb, geben im Bestellprozess Ihre Liefer- und
Rechnungsdaten ein und wählen eine Zahlungsart. Vor dem Absenden der Bestellung
können Sie alle Angaben auf einer Übersichtsseite prüfen und Eingabefehler über
die Zurück-Funktion Ihres Browsers oder die Ändern-Links korrigieren.</li>
<li>Mit einem Klick auf die Schaltfläche „Zahlungspflichtig bestellen“ geben
Sie ein verbindliches Angebot zum Kauf der Waren im Warenkorb ab.</li>
<li>Unmittelbar danach erhalten Sie eine automatische Bestätigung über den
Eingang Ihrer Bestellung per E-Mail; sie ist noch keine Annahme Ihres Angebots.
Der Vertrag kommt zustande, wenn wir Ihr Angebot innerhalb von zwei Werktagen
durch eine Auftragsbestätigung per E-Mail oder durch den Versand der Ware
annehmen.</li>
</ol>
<h2>§ 4 Vertragssprache und Vertragstext</h2>
<p>Vertragssprachen sind Deutsch und Englisch. Wir speichern den Vertragstext
und senden Ihnen die Bestelldaten und diese AGB mit der Auftragsbestätigung in
Textform zu. Die jeweils aktuellen AGB können Sie jederzeit auf dieser Seite
abrufen.</p>
<h2>§ 5 Preise und Versandkosten</h2>
<p>Alle Preise sind in der im Shop gewählten Währung angegeben und enthalten
die gesetzliche Umsatzsteuer des Lieferlands. Hinzu kommen die Versandkosten,
die wir Ihnen vor Abgabe der Bestellung anzeigen und die auf der Seite
„Versand &amp; Zahlung“ aufgeführt sind. Lieferungen in Länder außerhalb der
EU (Schweiz, Vereinigtes Königreich) sind als Ausfuhrlieferungen frei von
Umsatzsteuer; dort können Zölle und Einfuhrabgaben anfallen, die Sie
tragen.</p>
<h2>§ 6 Lieferung</h2>
<p>Wir liefern in folgende Länder: [delivery-countries]. Die Lieferzeit
beträgt [delivery-time]. Versandarten und Versandkosten:</p>
<p>[shipping-table]</p>
<p>Bei Vorkasse beginnt die Frist am Tag nach Erteilung des Zahlungsauftrags an Ihre
Bank, bei den übrigen Zahlungsarten am Tag nach Vertragsschluss.</p>
<h2>§ 7 Zahlung</h2>
<p>Sie können wie folgt bezahlen:</p>
<p>[payment-methods]</p>
<p>Bei Vorkasse nennen wir Ihnen unsere Bankverbindung auch in der
Auftragsbestätigung; wir versenden die Ware nach Zahlungseingang. Zahlungen per
Kreditkarte wickeln Zahlungsdienstleister ab; Ihr Konto wird mit Abschluss der
Bestellung belastet.</p>
<h2>§ 8 Eigentumsvorbehalt</h2>
<p>Die Ware bleibt bis zur vollständigen Bezahlung unser Eigentum.</p>
<h2>§ 9 Gewährleistung</h2>
<p>Es gelten die gesetzlichen Mängelhaftungsrechte (§§ 434 ff. BGB). Bitte
melden Sie offensichtliche Transportschäden möglichst bald dem Zusteller und
uns, damit wir Ansprüche gegen das Versandunternehmen geltend machen können.
Versäumen Sie dies, hat das keine Folgen für Ihre gesetzlichen Ansprüche.</p>
<h2>§ 10 Widerrufsrecht</h2>
<p>Als Verbraucherin oder Verbraucher haben Sie ein gesetzliches
Widerrufsrecht. Einzelheiten und das Muster-Widerrufsformular finden Sie in
unserer Widerrufsbelehrung.</p>
<h2>§ 11 Schlussbestimmungen</h2>
<ol>
<li>Es gilt das Recht der Bundesrepublik Deutschland unter Ausschluss des
UN-Kaufrechts. Diese Rechtswahl gilt nur, soweit Ihnen dadurch nicht der Schutz
entzogen wird, den Ihnen zwingende Bestimmungen des Rechts des Staates Ihres
gewöhnlichen Aufenthalts gewähren.</li>
<li>Wir sind nicht bereit und nicht verpflichtet, an Streitbeilegungsverfahren
vor einer Verbraucherschlichtungsstelle teilzunehmen.</li>
</ol>""",
            'en': """<h2>1. Scope</h2>
<p>These general terms and conditions apply to all contracts that you conclude
with us as a consumer through the online shop “Nordlicht Shop”. A consumer is
any natural person acting for purposes predominantly outside their trade,
business or profession (Section 13 of the German Civil Code, BGB).</p>
<h2>2. Contracting party</h2>
<p>Your contracting party is [company-name], [company-address], registered in
the commercial register: [commercial-register] (“we”). You can reach us by
email at [company-email] or by phone on [company-phone].</p>
<h2>3. Conclusion of the contract</h2>
<ol>
<li>The presentation of goods in the online shop is not a legally binding offer
but an invitation to place an order.</li>
<li>At checkout you enter your delivery and billing details and choose a
payment method. Before sending the order, you can check all details on a
summary page and correct input errors using your browser’s back button or the
change links.</li>
<li>By clicking the button “Zahlungspflichtig bestellen” (“Order with
obligation to pay”) you make a binding offer to buy the goods in the
basket.</li>
<li>You then receive an automatic email confirming receipt of your order; this
does not yet accept your offer. The contract is concluded when we accept your
offer within two working days by an order confirmation sent by email or by
dispatching the goods.</li>
</ol>
<h2>4. Contract language and contract text</h2>
<p>The contract languages are German and English. We store the contract text
and send you the order details and these terms in text form with the order
confirmation. You can view the current terms on this page at any time.</p>
<h2>5. Prices and shipping costs</h2>
<p>All prices are in the currency chosen in the shop and include the statutory
VAT of the country of delivery. Shipping costs are added; they are shown to
you before you place the order and are listed on the page “Shipping &amp;
payment”. Deliveries to countries outside the EU (Switzerland, United
Kingdom) are exports free of VAT; customs duties and import charges may apply
there, which are borne by you.</p>
<h2>6. Delivery</h2>
<p>We deliver to the following countries: [delivery-countries]. Delivery
takes [delivery-time]. Shipping methods and costs:</p>
<p>[shipping-table]</p>
<p>For prepayment the period starts on the day after
you instruct your bank to make the transfer, for the other payment methods on
the day after the contract is concluded.</p>
<h2>7. Payment</h2>
<p>You can pay as follows:</p>
<p>[payment-methods]</p>
<p>For prepayment we also give you our bank details in the order confirmation;
we dispatch the goods once payment has been received. Credit card payments are
processed by payment service providers; your account is charged when you
complete the order.</p>
<h2>8. Retention of title</h2>
<p>The goods remain our property until they have been paid for in full.</p>
<h2>9. Warranty</h2>
<p>The statutory rights for defects apply (Sections 434 et seq. BGB). Please
report obvious transport damage to the carrier and to us promptly so that we
can claim against the carrier; failing to do so does not affect your statutory
rights.</p>
<h2>10. Right of withdrawal</h2>
<p>As a consumer you have a statutory right of withdrawal. The details and the
model withdrawal form are set out in our cancellation policy.</p>
<h2>11. Final provisions</h2>
<ol>
<li>The law of the Federal Republic of Germany applies, excluding the UN
Convention on Contracts for the International Sale of Goods. This choice of law
applies only insofar as it does not deprive you of the protection afforded by
mandatory provisions of the law of the country of your habitual residence.</li>
<li>We are neither willing nor obliged to take part in dispute resolution
proceedings before a consumer arbitration board.</li>
</ol>""",
            },
        },
    {
        'kind': 'privacy',
        'name': {'de': "Datenschutzerklärung", 'en': "Privacy policy"},
        'slug': {'de': 'datenschutz', 'en': 'privacy-policy'},
        'body': {'de': """<h2>1. Verantwortlicher</h2>
<p>Verantwortlich für die Verarbeitung personenbezogener Daten in diesem
Online-Shop im Sinne der Datenschutz-Grundverordnung (DSGVO) ist:</p>
<p>[company-details]</p>
<h2>2. Zwecke und Rechtsgrundlagen</h2>
<ul>
<li><strong>Aufruf der Website:</strong> Unser Server verarbeitet technisch
notwendige Daten wie IP-Adresse, Zeitpunkt, aufgerufene Seite und Browsertyp,
um die Seiten auszuliefern und die Sicherheit zu gewährleisten (Art. 6 Abs. 1
lit. f DSGVO; berechtigtes Interesse: sicherer und stabiler Betrieb).</li>
<li><strong>Bestellung und Vertragsabwicklung:</strong> Name, Anschrift,
E-Mail-Adresse, Bestell- und Zahlungsdaten verarbeiten wir, um Ihren
Kaufvertrag zu schließen und zu erfüllen (Art. 6 Abs. 1 lit. b DSGVO). Diese
Angaben sind für den Vertragsschluss erforderlich; ohne sie können wir Ihre
Bestellung nicht annehmen.</li>
<li><strong>Anfragen:</strong> Wenn Sie uns schreiben oder anrufen, verarbeiten
wir Ihre Angaben zur Bearbeitung Ihres Anliegens (Art. 6 Abs. 1 lit. b DSGVO,
soweit es um einen Vertrag geht, sonst lit. f).</li>
<li><strong>Gesetzliche Pflichten:</strong> Rechnungen und Buchungsbelege
bewahren wir auf, weil Handels- und Steuerrecht dies verlangen (Art. 6 Abs. 1
lit. c DSGVO in Verbindung mit § 257 HGB und § 147 AO).</li>
<li><strong>Berechtigte Interessen:</strong> Schutz vor Betrug sowie
Geltendmachung und Abwehr von Rechtsansprüchen (Art. 6 Abs. 1 lit. f
DSGVO).</li>
</ul>
<h2>3. Cookies</h2>
<p>Wir verwenden nur Cookies, die für den Betrieb des Shops und die von Ihnen
gewünschten Funktionen technisch notwendig sind:</p>
<p>[cookie-table]</p>
<p>Das Speichern und Auslesen dieser Cookies ist nach § 25 Abs. 2 Nr. 2 TDDDG ohne
Einwilligung zulässig. Cookies zur Analyse, zum Tracking oder für Werbung
setzen wir nicht ein.</p>
<h2>4. Empfänger</h2>
<ul>
<li><strong>Zahlungsdienstleister:</strong> Bei Zahlung per Kreditkarte
übermitteln wir die für die Zahlung nötigen Daten (Name, Betrag,
Bestellnummer) an den jeweiligen Zahlungsdienstleister. Ihre Kartendaten geben
Sie direkt bei diesem ein; wir erhalten sie nicht.</li>
<li><strong>Versandunternehmen:</strong> Name und Lieferanschrift geben wir an
das beauftragte Paketunternehmen weiter, damit es die Ware zustellen kann.</li>
<li><strong>Dienstleister:</strong> Hosting und E-Mail-Versand übernehmen
Auftragsverarbeiter, die wir nach Art. 28 DSGVO vertraglich verpflichtet
haben.</li>
</ul>
<p>Bei Lieferungen in die Schweiz oder das Vereinigte Königreich gehen Ihre
Lieferdaten in ein Drittland, für das ein Angemessenheitsbeschluss der
EU-Kommission besteht.</p>
<h2>5. Speicherdauer</h2>
<p>Server-Protokolle löschen wir nach sieben Tagen, Cookies verfallen nach der
oben genannten Speicherdauer. Vertragsdaten speichern wir,
bis der Vertrag vollständig abgewickelt ist und etwaige Ansprüche verjährt
sind. Handels- und Steuerunterlagen bewahren wir je nach Art sechs, acht oder
zehn Jahre auf (§ 257 HGB, § 147 AO) und löschen sie danach.</p>
<h2>6. Ihre Rechte</h2>
<p>Sie haben nach der DSGVO das Recht auf Auskunft (Art. 15), Berichtigung
(Art. 16), Löschung (Art. 17), Einschränkung der Verarbeitung (Art. 18),
Datenübertragbarkeit (Art. 20) und Widerspruch (Art. 21). Eine E-Mail an
<a href="mailto:service@nordlicht-shop.example">service@nordlicht-shop.example</a>
genügt.</p>
<p><strong>Widerspruchsrecht:</strong> Verarbeiten wir Ihre Daten auf Grundlage
berechtigter Interessen (Art. 6 Abs. 1 lit. f DSGVO), können Sie dem jederzeit
aus Gründen widersprechen, die sich aus Ihrer besonderen Situation ergeben.</p>
<h2>7. Beschwerderecht</h2>
<p>Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren (Art.
77 DSGVO). Für uns zuständig ist: Der Hamburgische Beauftragte für Datenschutz
und Informationsfreiheit.</p>
<h2>8. Keine automatisierte Entscheidungsfindung</h2>
<p>Eine automatisierte Entscheidungsfindung einschließlich Profiling im Sinne
von Art. 22 DSGVO findet nicht statt.</p>""",
            'en': """<h2>1. Controller</h2>
<p>The controller responsible for the processing of personal data in this
online shop within the meaning of the General Data Protection Regulation (GDPR)
is:</p>
<p>[company-details]</p>
<h2>2. Purposes and legal bases</h2>
<ul>
<li><strong>Visiting the website:</strong> Our server processes technically
necessary data such as IP address, time, page requested and browser type to
deliver the pages and keep them secure (Art. 6(1)(f) GDPR; legitimate interest:
secure and stable operation).</li>
<li><strong>Orders and performance of the contract:</strong> We process your
name, address, email address, order and payment data to conclude and perform
your purchase contract (Art. 6(1)(b) GDPR). These details are required to
conclude the contract; without them we cannot accept your order.</li>
<li><strong>Enquiries:</strong> If you write to us or call us, we process your
details to deal with your enquiry (Art. 6(1)(b) GDPR where it concerns a
contract, otherwise point (f)).</li>
<li><strong>Legal obligations:</strong> We retain invoices and accounting
records because commercial and tax law require it (Art. 6(1)(c) GDPR in
conjunction with Section 257 of the German Commercial Code, HGB, and Section
147 of the German Fiscal Code, AO).</li>
<li><strong>Legitimate interests:</strong> Fraud prevention and the
establishment, exercise or defence of legal claims (Art. 6(1)(f) GDPR).</li>
</ul>
<h2>3. Cookies</h2>
<p>We only use cookies that are technically necessary to run the shop and
provide the functions you ask for:</p>
<p>[cookie-table]</p>
<p>Storing and reading these cookies is permitted without
consent under Section 25(2) no. 2 of the German Telecommunications Digital
Services Data Protection Act (TDDDG). We do not use cookies for analytics,
tracking or advertising.</p>
<h2>4. Recipients</h2>
<ul>
<li><strong>Payment service providers:</strong> If you pay by credit card, we
pass the data needed for the payment (name, amount, order number) to
the payment service provider concerned. You enter your card details directly
with that provider; we do not receive them.</li>
<li><strong>Carriers:</strong> We pass your name and delivery address to the
parcel carrier we have engaged so that it can deliver the goods.</li>
<li><strong>Service providers:</strong> Hosting and the sending of emails are
handled by processors bound by contract in accordance with Art. 28 GDPR.</li>
</ul>
<p>For deliveries to Switzerland or the United Kingdom, your delivery data is
transferred to a third country covered by an adequacy decision of the
European Commission.</p>
<h2>5. Retention periods</h2>
<p>We delete server logs after seven days; cookies expire after the
lifetime stated above. We keep contract data until the
contract has been fully performed and any claims have become time-barred.
Commercial and tax records are kept for six, eight or ten years depending on
their type (Section 257 HGB, Section 147 AO) and deleted afterwards.</p>
<h2>6. Your rights</h2>
<p>Under the GDPR you have the right of access (Art. 15), rectification (Art.
16), erasure (Art. 17), restriction of processing (Art. 18), data portability
(Art. 20) and to object (Art. 21). An email to
<a href="mailto:service@nordlicht-shop.example">service@nordlicht-shop.example</a>
is sufficient.</p>
<p><strong>Right to object:</strong> Where we process your data on the basis of
legitimate interests (Art. 6(1)(f) GDPR), you may object at any time on grounds
relating to your particular situation.</p>
<h2>7. Right to lodge a complaint</h2>
<p>You may lodge a complaint with a data protection supervisory authority (Art.
77 GDPR). The authority responsible for us is the Hamburg Commissioner for Data
Protection and Freedom of Information (Der Hamburgische Beauftragte für
Datenschutz und Informationsfreiheit).</p>
<h2>8. No automated decision-making</h2>
<p>We do not use automated decision-making, including profiling, within the
meaning of Art. 22 GDPR.</p>""",
            },
        },
    {
        'kind': 'withdrawal',
        'name': {'de': "Widerrufsbelehrung", 'en': "Cancellation policy"},
        'slug': {'de': 'widerrufsbelehrung', 'en': 'cancellation-policy'},
        'body': {'de': """<p>Verbraucherinnen und Verbrauchern steht ein
Widerrufsrecht nach folgender Maßgabe zu.</p>
<h2>Widerrufsrecht</h2>
<p>Sie haben das Recht, binnen vierzehn Tagen ohne Angabe von Gründen diesen
Vertrag zu widerrufen.</p>
<p>Die Widerrufsfrist beträgt vierzehn Tage ab dem Tag, an dem Sie oder ein von
Ihnen benannter Dritter, der nicht der Beförderer ist, die Waren in Besitz
genommen haben bzw. hat.</p>
<p>Um Ihr Widerrufsrecht auszuüben, müssen Sie uns ([company-name],
[company-address], Telefon: [company-phone], E-Mail: [company-email])
mittels einer eindeutigen Erklärung (z. B. ein mit der Post versandter Brief
oder E-Mail) über Ihren Entschluss, diesen Vertrag zu widerrufen, informieren.
Sie können dafür das beigefügte Muster-Widerrufsformular verwenden, das jedoch
nicht vorgeschrieben ist.</p>
<p>Zur Wahrung der Widerrufsfrist reicht es aus, dass Sie die Mitteilung über
die Ausübung des Widerrufsrechts vor Ablauf der Widerrufsfrist absenden.</p>
<h2>Folgen des Widerrufs</h2>
<p>Wenn Sie diesen Vertrag widerrufen, haben wir Ihnen alle Zahlungen, die wir
von Ihnen erhalten haben, einschließlich der Lieferkosten (mit Ausnahme der
zusätzlichen Kosten, die sich daraus ergeben, dass Sie eine andere Art der
Lieferung als die von uns angebotene, günstigste Standardlieferung gewählt
haben), unverzüglich und spätestens binnen vierzehn Tagen ab dem Tag
zurückzuzahlen, an dem die Mitteilung über Ihren Widerruf dieses Vertrags bei
uns eingegangen ist. Für diese Rückzahlung verwenden wir dasselbe
Zahlungsmittel, das Sie bei der ursprünglichen Transaktion eingesetzt haben, es
sei denn, mit Ihnen wurde ausdrücklich etwas anderes vereinbart; in keinem Fall
werden Ihnen wegen dieser Rückzahlung Entgelte berechnet.</p>
<p>Wir können die Rückzahlung verweigern, bis wir die Waren wieder
zurückerhalten haben oder bis Sie den Nachweis erbracht haben, dass Sie die
Waren zurückgesandt haben, je nachdem, welches der frühere Zeitpunkt ist.</p>
<p>Sie haben die Waren unverzüglich und in jedem Fall spätestens binnen
vierzehn Tagen ab dem Tag, an dem Sie uns über den Widerruf dieses Vertrags
unterrichten, an uns zurückzusenden oder zu übergeben. Die Frist ist gewahrt,
wenn Sie die Waren vor Ablauf der Frist von vierzehn Tagen absenden.</p>
<p>Sie tragen die unmittelbaren Kosten der Rücksendung der Waren.</p>
<p>Sie müssen für einen etwaigen Wertverlust der Waren nur aufkommen, wenn
dieser Wertverlust auf einen zur Prüfung der Beschaffenheit, Eigenschaften und
Funktionsweise der Waren nicht notwendigen Umgang mit ihnen zurückzuführen
ist.</p>
<p><em>– Ende der Widerrufsbelehrung –</em></p>
<h2>Muster-Widerrufsformular</h2>
<p>(Wenn Sie den Vertrag widerrufen wollen, dann füllen Sie bitte dieses
Formular aus und senden Sie es zurück.)</p>
<ul>
<li>An [company-name], [company-address], E-Mail: [company-email]:</li>
<li>Hiermit widerrufe(n) ich/wir (*) den von mir/uns (*) abgeschlossenen
Vertrag über den Kauf der folgenden Waren (*)/die Erbringung der folgenden
Dienstleistung (*)</li>
<li>Bestellt am (*)/erhalten am (*)</li>
<li>Name des/der Verbraucher(s)</li>
<li>Anschrift des/der Verbraucher(s)</li>
<li>Unterschrift des/der Verbraucher(s) (nur bei Mitteilung auf Papier)</li>
<li>Datum</li>
</ul>
<p>(*) Unzutreffendes streichen.</p>""",
            'en': """<p>Consumers have a right of withdrawal in accordance
with the following provisions.</p>
<h2>Right of withdrawal</h2>
<p>You have the right to withdraw from this contract within 14 days without
giving any reason.</p>
<p>The withdrawal period will expire after 14 days from the day on which you
acquire, or a third party other than the carrier and indicated by you acquires,
physical possession of the goods.</p>
<p>To exercise the right of withdrawal, you must inform us ([company-name],
[company-address], phone: [company-phone], email: [company-email])
of your decision to withdraw from this contract by an unequivocal statement
(e.g. a letter sent by post or email). You may use the attached model
withdrawal form, but it is not obligatory.</p>
<p>To meet the withdrawal deadline, it is sufficient for you to send your
communication concerning your exercise of the right of withdrawal before the
withdrawal period has expired.</p>
<h2>Effects of withdrawal</h2>
<p>If you withdraw from this contract, we shall reimburse to you all payments
received from you, including the costs of delivery (with the exception of the
supplementary costs resulting from your choice of a type of delivery other than
the least expensive type of standard delivery offered by us), without undue
delay and in any event not later than 14 days from the day on which we are
informed about your decision to withdraw from this contract. We will carry out
such reimbursement using the same means of payment as you used for the initial
transaction, unless you have expressly agreed otherwise; in any event, you will
not incur any fees as a result of such reimbursement.</p>
<p>We may withhold reimbursement until we have received the goods back or you
have supplied evidence of having sent back the goods, whichever is the
earliest.</p>
<p>You shall send back the goods or hand them over to us without undue delay
and in any event not later than 14 days from the day on which you communicate
your withdrawal from this contract to us. The deadline is met if you send back
the goods before the period of 14 days has expired.</p>
<p>You will have to bear the direct cost of returning the goods.</p>
<p>You are only liable for any diminished value of the goods resulting from the
handling other than what is necessary to establish the nature, characteristics
and functioning of the goods.</p>
<p><em>– End of the cancellation policy –</em></p>
<h2>Model withdrawal form</h2>
<p>(Complete and return this form only if you wish to withdraw from the
contract.)</p>
<ul>
<li>To [company-name], [company-address], email: [company-email]:</li>
<li>I/We (*) hereby give notice that I/We (*) withdraw from my/our (*) contract
of sale of the following goods (*)/for the provision of the following service
(*),</li>
<li>Ordered on (*)/received on (*),</li>
<li>Name of consumer(s),</li>
<li>Address of consumer(s),</li>
<li>Signature of consumer(s) (only if this form is notified on paper),</li>
<li>Date</li>
</ul>
<p>(*) Delete as appropriate.</p>""",
            },
        },
    {
        'kind': 'shipping',
        'name': {'de': "Versand & Zahlung", 'en': "Shipping & payment"},
        'slug': {'de': 'versand-und-zahlung', 'en': 'shipping-and-payment'},
        'body': {'de': """<h2>Versandkosten und Lieferzeiten</h2>
<p>Wir liefern in folgende Länder: [delivery-countries]. Alle Preise enthalten
die gesetzliche Umsatzsteuer des Lieferlands. Die Versandkosten berechnen wir
einmal je Bestellung.</p>
<p>[shipping-table]</p>
<p>Werktage sind Montag bis Freitag, ausgenommen gesetzliche Feiertage. Bei
Vorkasse beginnt die Lieferzeit am Tag nach Erteilung des Zahlungsauftrags an
Ihre Bank, bei den übrigen Zahlungsarten am Tag nach Vertragsschluss.</p>
<p>Lieferungen in Länder außerhalb der EU (Schweiz, Vereinigtes Königreich)
sind als Ausfuhrlieferungen frei von Umsatzsteuer; dort können Zölle und
Einfuhrabgaben anfallen, die Sie tragen.</p>
<h2>Zahlungsarten</h2>
<p>[payment-methods]</p>
<p>Für keine der Zahlungsarten berechnen wir zusätzliche Gebühren.</p>
<h3>Bankverbindung für Vorkasse</h3>
<p>[bank-details]</p>
<p>Verwendungszweck: Ihre Bestellnummer</p>""",
            'en': """<h2>Shipping costs and delivery times</h2>
<p>We deliver to the following countries: [delivery-countries]. All prices
include the statutory VAT of the country of delivery. Shipping costs are
charged once per order.</p>
<p>[shipping-table]</p>
<p>Working days are Monday to Friday, excluding public holidays. For prepayment
the delivery time starts on the day after you instruct your bank to make the
transfer, for the other payment methods on the day after the contract is
concluded.</p>
<p>Deliveries to countries outside the EU (Switzerland, United Kingdom) are
exports free of VAT; customs duties and import charges may apply there, which
are borne by you.</p>
<h2>Payment methods</h2>
<p>[payment-methods]</p>
<p>We do not charge any additional fees for any of the payment methods.</p>
<h3>Bank details for prepayment</h3>
<p>[bank-details]</p>
<p>Reference: your order number</p>""",
            },
        },
    ]
