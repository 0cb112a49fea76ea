#include "profileform.h"

#include "colourtagbutton.h"
#include "profileconfig.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

#include <memory>

namespace OffsetLens {

namespace {

// Readable on the window background of light and dark palettes alike.
QColor problemColour(ProblemSeverity severity, const QPalette &palette)
{
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    if (severity == ProblemSeverity::Error)
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
    return dark ? QColor(0xff, 0xd1, 0x80) : QColor(0x8a, 0x5a, 0x00);
}

QIcon problemIcon(ProblemSeverity severity, const QStyle *style)
{
    return style->standardIcon(severity == ProblemSeverity::Error ? QStyle::SP_MessageBoxCritical
                                                                  : QStyle::SP_MessageBoxWarning);
}

// validateProfile() runs on every key press and reads the files the profile names: a short-lived cache keeps
// typing in other fields from reading them again and again, while a file fixed on disk shows within seconds.
FileProbe cachingProbe()
{
    struct Entry
    {
        FileFacts facts;
        qint64 readAtMs = 0;
    };
    struct Cache
    {
        QElapsedTimer clock;
        QHash<QString, Entry> entries;
    };
    auto cache = std::make_shared<Cache>();
    cache->clock.start();
    return [cache](const QString &path) {
        constexpr qint64 kFreshMs = 2000;
        const qint64 now = cache->clock.elapsed();
        const auto it = cache->entries.constFind(path);
        if (it != cache->entries.cend() && now - it->readAtMs < kFreshMs)
            return it->facts;
        if (cache->entries.size() > 64) // paths typed letter by letter
            cache->entries.clear();
        const FileFacts facts = probeFile(path);
        cache->entries.insert(path, {facts, now});
        return facts;
    };
}

constexpr ProfileField kSecretFields[] = {ProfileField::SaslPassword, ProfileField::OAuthClientSecret,
                                          ProfileField::SslKeyPassword};

} // namespace

ProfileForm::ProfileForm(QWidget *parent)
    : QWidget(parent)
    , m_probe(cachingProbe())
{
    auto *page = new QWidget;
    auto *pageLayout = new QVBoxLayout(page);
    m_notice = new QLabel(page);
    m_notice->setObjectName(QStringLiteral("formNotice"));
    m_notice->setWordWrap(true);
    m_notice->hide();
    pageLayout->addWidget(m_notice);
    m_otherProblems = new QLabel(page);
    m_otherProblems->setObjectName(QStringLiteral("otherProblems"));
    m_otherProblems->setWordWrap(true);
    m_otherProblems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_otherProblems->hide();
    pageLayout->addWidget(m_otherProblems);

    // Created in reading order, which is also the tab order.
    buildCluster(page);
    buildSecurity(page);
    buildTls(page);
    buildSecrets(page);
    buildAdvanced(page);
    pageLayout->addStretch(1);
    // One label column for all sections, so that their fields line up.
    int labelWidth = 0;
    for (QLabel *label : std::as_const(m_labels))
        labelWidth = std::max(labelWidth, label->sizeHint().width());
    for (QGridLayout *grid : page->findChildren<QGridLayout *>())
        grid->setColumnMinimumWidth(0, labelWidth);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(page);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);

    setProfile(ConnectionProfile());
}

// Sections are grids rather than QFormLayouts: Qt 6.4's QFormLayout overruns a buffer in heightForWidth once a
// row with word-wrapped text is hidden (seen with valgrind), and rows here are hidden all the time.
QGroupBox *ProfileForm::section(QWidget *page, const QString &title, QGridLayout **form)
{
    auto *box = new QGroupBox(title, page);
    *form = new QGridLayout(box);
    (*form)->setColumnStretch(1, 1);
    page->layout()->addWidget(box);
    return box;
}

QLineEdit *ProfileForm::lineEdit(const QString &objectName, const QString &placeholder)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    connect(edit, &QLineEdit::textChanged, this, &ProfileForm::onEdited);
    return edit;
}

QLineEdit *ProfileForm::passwordEdit(const QString &objectName)
{
    QLineEdit *edit = lineEdit(objectName);
    edit->setEchoMode(QLineEdit::Password);
    // Never offered to input methods or the clipboard as plain text.
    edit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    return edit;
}

QWidget *ProfileForm::fileRow(QLineEdit *edit, const QString &title, const QString &filter, bool save)
{
    auto *browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(edit->objectName() + QStringLiteral("Browse"));
    browse->setAccessibleName(tr("Browse for %1").arg(title));
    connect(browse, &QPushButton::clicked, this, [this, edit, title, filter, save] {
        const QString start = edit->text().isEmpty() ? QDir::homePath() : edit->text();
        // The plain-text secrets file may be shared by several profiles: choosing an existing one is not replacing
        // it.
        const QString path =
            save ? QFileDialog::getSaveFileName(this, title, start, filter, nullptr, QFileDialog::DontConfirmOverwrite)
                 : QFileDialog::getOpenFileName(this, title, start, filter);
        if (path.isEmpty())
            return;
        if (m_ownProbe)
            m_probe = cachingProbe(); // the user looks at this file now: read it afresh
        edit->setText(QDir::toNativeSeparators(path));
    });
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    row->setFocusProxy(edit);
    return row;
}

QWidget *ProfileForm::addRow(QGridLayout *form, const QString &label, QWidget *field,
                             std::optional<ProfileField> problems, QWidget *extra)
{
    auto *container = new QWidget;
    auto *column = new QVBoxLayout(container);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(extra ? extra : field);
    container->setFocusProxy(field);
    if (problems) {
        Row row;
        row.container = container;
        row.field = field;
        row.icon = new QLabel(container);
        row.message = new QLabel(container);
        row.message->setObjectName(field->objectName() + QStringLiteral("Problem"));
        row.message->setWordWrap(true);
        // Conversion commands in a message are meant to be copied.
        row.message->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        auto *line = new QHBoxLayout;
        line->setContentsMargins(0, 0, 0, 0);
        line->addWidget(row.icon, 0, Qt::AlignTop);
        line->addWidget(row.message, 1);
        column->addLayout(line);
        row.icon->hide();
        row.message->hide();
        if (auto *edit = qobject_cast<QLineEdit *>(field)) {
            row.mark = edit->addAction(QIcon(), QLineEdit::TrailingPosition);
            row.mark->setVisible(false);
        }
        m_rows[*problems] = row;
    }
    const int gridRow = form->rowCount();
    if (!label.isEmpty()) {
        auto *text = new QLabel(label);
        text->setBuddy(field);
        // Level with the field's first line, as a form layout puts it, also beside multi-line fields.
        const auto horizontal =
            Qt::Alignment(style()->styleHint(QStyle::SH_FormLayoutLabelAlignment)) & Qt::AlignHorizontal_Mask;
        text->setAlignment(horizontal | Qt::AlignVCenter);
        text->setMinimumHeight(std::min(field->sizeHint().height(), QLineEdit().sizeHint().height()));
        form->addWidget(text, gridRow, 0, horizontal | Qt::AlignTop);
        m_labels.insert(container, text);
    }
    // Without a label, the field stays in the fields' column.
    form->addWidget(container, gridRow, 1);
    return container;
}

void ProfileForm::buildCluster(QWidget *page)
{
    QGridLayout *form = nullptr;
    section(page, tr("Cluster"), &form);
    m_name = lineEdit(QStringLiteral("profileName"), tr("Production EU"));
    addRow(form, tr("Na&me:"), m_name, ProfileField::Name);

    m_colour = new ColourTagButton;
    m_colour->setObjectName(QStringLiteral("colourTag"));
    connect(m_colour, &ColourTagButton::colourChanged, this, &ProfileForm::onEdited);
    auto *colourLine = new QWidget;
    auto *colourLayout = new QHBoxLayout(colourLine);
    colourLayout->setContentsMargins(0, 0, 0, 0);
    colourLayout->addWidget(m_colour);
    auto *colourHint = new QLabel(tr("shown in the tree and as a band above the panels"));
    colourHint->setEnabled(false); // secondary text
    colourLayout->addWidget(colourHint, 1);
    colourLine->setFocusProxy(m_colour);
    addRow(form, tr("Colour ta&g:"), m_colour, ProfileField::Colour, colourLine);

    m_bootstrap = lineEdit(QStringLiteral("bootstrapServers"), QStringLiteral("broker1:9092,broker2:9092"));
    addRow(form, tr("&Bootstrap servers:"), m_bootstrap, ProfileField::BootstrapServers);

    m_readOnly = new QCheckBox(tr("&Read-only: never write offsets through this profile"));
    m_readOnly->setObjectName(QStringLiteral("readOnly"));
    m_production = new QCheckBox(tr("Pr&oduction: writes stay locked until unlocked for the session"));
    m_production->setObjectName(QStringLiteral("production"));
    for (QCheckBox *box : {m_readOnly, m_production}) {
        connect(box, &QCheckBox::toggled, this, &ProfileForm::onEdited);
        addRow(form, QString(), box, std::nullopt);
    }
}

void ProfileForm::buildSecurity(QWidget *page)
{
    QGridLayout *form = nullptr;
    section(page, tr("Security"), &form);
    m_protocol = new QComboBox;
    m_protocol->setObjectName(QStringLiteral("securityProtocol"));
    m_protocol->addItem(tr("Plaintext (no TLS, no SASL)"), int(SecurityProtocol::Plaintext));
    m_protocol->addItem(tr("TLS (SSL)"), int(SecurityProtocol::Ssl));
    m_protocol->addItem(tr("SASL without TLS (SASL_PLAINTEXT)"), int(SecurityProtocol::SaslPlaintext));
    m_protocol->addItem(tr("SASL over TLS (SASL_SSL)"), int(SecurityProtocol::SaslSsl));
    connect(m_protocol, &QComboBox::activated, this, &ProfileForm::onEdited);
    addRow(form, tr("Securit&y protocol:"), m_protocol, ProfileField::SecurityProtocol);

    m_mechanism = new QComboBox;
    m_mechanism->setObjectName(QStringLiteral("saslMechanism"));
    m_mechanism->addItem(QStringLiteral("PLAIN"), int(SaslMechanism::Plain));
    m_mechanism->addItem(QStringLiteral("SCRAM-SHA-256"), int(SaslMechanism::ScramSha256));
    m_mechanism->addItem(QStringLiteral("SCRAM-SHA-512"), int(SaslMechanism::ScramSha512));
    m_mechanism->addItem(tr("OAUTHBEARER (OIDC client credentials)"), int(SaslMechanism::OAuthBearer));
    m_mechanism->addItem(tr("GSSAPI (Kerberos)"), int(SaslMechanism::Gssapi));
    connect(m_mechanism, &QComboBox::activated, this, &ProfileForm::onEdited);
    m_mechanismRow = addRow(form, tr("SASL mec&hanism:"), m_mechanism, ProfileField::SaslMechanism);

    m_username = lineEdit(QStringLiteral("saslUsername"));
    addRow(form, tr("&User name:"), m_username, ProfileField::SaslUsername);
    m_password = passwordEdit(QStringLiteral("saslPassword"));
    addRow(form, tr("Pass&word:"), m_password, ProfileField::SaslPassword);

    m_oauthClientId = lineEdit(QStringLiteral("oauthClientId"));
    addRow(form, tr("Client &ID:"), m_oauthClientId, ProfileField::OAuthClientId);
    m_oauthSecret = passwordEdit(QStringLiteral("oauthClientSecret"));
    addRow(form, tr("Client secre&t:"), m_oauthSecret, ProfileField::OAuthClientSecret);
    m_oauthEndpoint =
        lineEdit(QStringLiteral("oauthTokenEndpoint"), QStringLiteral("https://login.example.com/oauth2/token"));
    addRow(form, tr("Token &endpoint:"), m_oauthEndpoint, ProfileField::OAuthTokenEndpoint);
    m_oauthScope = lineEdit(QStringLiteral("oauthScope"), tr("optional"));
    m_oauthScopeRow = addRow(form, tr("Sco&pe:"), m_oauthScope, std::nullopt);
    m_oauthExtensions = lineEdit(QStringLiteral("oauthExtensions"), tr("optional: key=value,key=value"));
    addRow(form, tr("E&xtensions:"), m_oauthExtensions, ProfileField::OAuthExtensions);

    m_kerberosService = lineEdit(QStringLiteral("kerberosServiceName"), QStringLiteral("kafka"));
    m_kerberosServiceRow = addRow(form, tr("Ser&vice name:"), m_kerberosService, std::nullopt);
    m_kerberosPrincipal = lineEdit(QStringLiteral("kerberosPrincipal"), QStringLiteral("client@EXAMPLE.COM"));
    addRow(form, tr("Princip&al:"), m_kerberosPrincipal, ProfileField::KerberosPrincipal);
    m_kerberosKeytab = lineEdit(QStringLiteral("kerberosKeytab"), tr("optional: without one, kinit's ticket"));
    addRow(form, tr("&Keytab:"), m_kerberosKeytab, ProfileField::KerberosKeytab,
           fileRow(m_kerberosKeytab, tr("Kerberos Keytab"), tr("Keytabs (*.keytab);;All files (*)")));
}

void ProfileForm::buildTls(QWidget *page)
{
    QGridLayout *form = nullptr;
    m_tlsBox = section(page, tr("TLS"), &form);
    const QString pemFilter = tr("PEM files (*.pem *.crt *.cer *.key);;All files (*)");
    m_caFile = lineEdit(QStringLiteral("sslCaFile"), tr("empty: the system's trusted certificates"));
    addRow(form, tr("&CA certificates:"), m_caFile, ProfileField::SslCaFile,
           fileRow(m_caFile, tr("CA Certificates (PEM)"), pemFilter));
    m_certificateFile = lineEdit(QStringLiteral("sslCertificateFile"), tr("only for mutual TLS"));
    addRow(form, tr("Client certi&ficate:"), m_certificateFile, ProfileField::SslCertificateFile,
           fileRow(m_certificateFile, tr("Client Certificate (PEM)"), pemFilter));
    m_keyFile = lineEdit(QStringLiteral("sslKeyFile"), tr("only for mutual TLS"));
    addRow(form, tr("Client &key:"), m_keyFile, ProfileField::SslKeyFile,
           fileRow(m_keyFile, tr("Client Key (PEM)"), pemFilter));
    m_keyPassword = passwordEdit(QStringLiteral("sslKeyPassword"));
    m_keyPassword->setPlaceholderText(tr("only for an encrypted key"));
    addRow(form, tr("Key pa&ssword:"), m_keyPassword, ProfileField::SslKeyPassword);
    m_verifyHostname = new QCheckBox(tr("&Verify that the broker's certificate names its host"));
    m_verifyHostname->setObjectName(QStringLiteral("sslVerifyHostname"));
    connect(m_verifyHostname, &QCheckBox::toggled, this, &ProfileForm::onEdited);
    addRow(form, QString(), m_verifyHostname, std::nullopt);
}

void ProfileForm::buildSecrets(QWidget *page)
{
    QGridLayout *form = nullptr;
    m_secretsBox = section(page, tr("Passwords and Secrets"), &form);
    m_storage = new QComboBox;
    m_storage->setObjectName(QStringLiteral("secretStorage"));
    m_storage->addItem(tr("In the system keychain"), int(SecretStorage::Keychain));
    m_storage->addItem(tr("Ask each time (kept in memory until OffsetLens quits)"), int(SecretStorage::AskEachTime));
    m_storage->addItem(tr("In a plain-text file…"), int(SecretStorage::PlainTextFile));
    connect(m_storage, &QComboBox::activated, this, &ProfileForm::onEdited);
    m_storageRow = addRow(form, tr("Keep the&m:"), m_storage, std::nullopt);

    m_secretsFile = lineEdit(QStringLiteral("secretsFile"));
    addRow(form, tr("Secrets fi&le:"), m_secretsFile, ProfileField::SecretsFile,
           fileRow(m_secretsFile, tr("Plain-Text File for Secrets"), tr("All files (*)"), true));
    m_secretsWarning = new QLabel;
    m_secretsWarning->setObjectName(QStringLiteral("secretsFileWarning"));
    m_secretsWarning->setWordWrap(true);
    m_secretsWarning->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_secretsWarningRow = addRow(form, QString(), m_secretsWarning, std::nullopt);

    m_secretProperties = new QLabel;
    m_secretProperties->setObjectName(QStringLiteral("secretProperties"));
    m_secretProperties->setWordWrap(true);
    m_secretPropertiesRow = addRow(form, QString(), m_secretProperties, std::nullopt);
}

void ProfileForm::buildAdvanced(QWidget *page)
{
    QGridLayout *form = nullptr;
    section(page, tr("Advanced"), &form);
    m_timeout = new QSpinBox;
    m_timeout->setObjectName(QStringLiteral("requestTimeout"));
    m_timeout->setRange(100, 600000);
    m_timeout->setSingleStep(1000);
    m_timeout->setSuffix(tr(" ms"));
    connect(m_timeout, &QSpinBox::valueChanged, this, &ProfileForm::onEdited);
    addRow(form, tr("Re&quest timeout:"), m_timeout, ProfileField::RequestTimeout);
    m_interval = new QSpinBox;
    m_interval->setObjectName(QStringLiteral("refreshInterval"));
    m_interval->setRange(0, 3600000);
    m_interval->setSingleStep(1000);
    m_interval->setSuffix(tr(" ms"));
    m_interval->setSpecialValueText(tr("Off"));
    connect(m_interval, &QSpinBox::valueChanged, this, &ProfileForm::onEdited);
    addRow(form, tr("Auto-re&fresh:"), m_interval, ProfileField::RefreshInterval);

    m_pinned = new QPlainTextEdit;
    m_pinned->setObjectName(QStringLiteral("pinnedGroups"));
    m_pinned->setPlaceholderText(tr("One group id per line. Shown even when the cluster cannot list groups."));
    m_pinned->setTabChangesFocus(true);
    m_pinned->setMaximumHeight(m_pinned->fontMetrics().lineSpacing() * 5);
    connect(m_pinned, &QPlainTextEdit::textChanged, this, &ProfileForm::onEdited);
    addRow(form, tr("Pinned &groups:"), m_pinned, std::nullopt);

    m_properties = new QPlainTextEdit;
    m_properties->setObjectName(QStringLiteral("clientProperties"));
    m_properties->setPlaceholderText(tr("Extra librdkafka properties, one key=value per line; they override the "
                                        "settings above."));
    m_properties->setTabChangesFocus(true);
    m_properties->setMaximumHeight(m_properties->fontMetrics().lineSpacing() * 6);
    connect(m_properties, &QPlainTextEdit::textChanged, this, &ProfileForm::onEdited);
    addRow(form, tr("Client p&roperties:"), m_properties, ProfileField::ClientProperties);
}

void ProfileForm::setProfile(const ConnectionProfile &profile)
{
    m_loading = true;
    m_shown = profile;
    if (m_ownProbe)
        m_probe = cachingProbe();
    m_secretsPending = false;
    m_name->setText(profile.name);
    m_colour->setColour(profile.colour);
    m_bootstrap->setText(profile.bootstrapServers);
    m_bootstrap->setPlaceholderText(profile.isDemo ? tr("(started inside OffsetLens on loopback ports)")
                                                   : QStringLiteral("broker1:9092,broker2:9092"));
    m_readOnly->setChecked(profile.readOnly);
    m_production->setChecked(profile.production);
    m_protocol->setCurrentIndex(m_protocol->findData(int(profile.securityProtocol)));
    m_mechanism->setCurrentIndex(m_mechanism->findData(int(profile.saslMechanism)));
    m_username->setText(profile.saslUsername);
    m_oauthClientId->setText(profile.oauthClientId);
    m_oauthEndpoint->setText(profile.oauthTokenEndpoint);
    m_oauthScope->setText(profile.oauthScope);
    m_oauthExtensions->setText(profile.oauthExtensions);
    m_kerberosService->setText(profile.kerberosServiceName);
    m_kerberosPrincipal->setText(profile.kerberosPrincipal);
    m_kerberosKeytab->setText(profile.kerberosKeytab);
    m_caFile->setText(profile.sslCaFile);
    m_certificateFile->setText(profile.sslCertificateFile);
    m_keyFile->setText(profile.sslKeyFile);
    m_verifyHostname->setChecked(profile.sslVerifyHostname);
    m_storage->setCurrentIndex(m_storage->findData(int(profile.secretStorage)));
    m_secretsFile->setText(profile.secretsFile);
    fillSecrets(profile.secrets);
    m_timeout->setValue(profile.requestTimeoutMs);
    m_interval->setValue(profile.refreshIntervalMs);
    m_pinned->setPlainText(profile.pinnedGroups.join(QLatin1Char('\n')));
    QStringList lines;
    for (auto it = profile.clientProperties.cbegin(); it != profile.clientProperties.cend(); ++it)
        lines.append(it.key() + QLatin1Char('=') + it.value());
    m_properties->setPlainText(lines.join(QLatin1Char('\n')));
    m_loading = false;

    m_editable = !profile.isDemo;
    m_notice->setVisible(profile.isDemo);
    m_notice->setText(tr("The demo cluster runs inside OffsetLens on loopback ports, with made-up topics and "
                         "groups. Its settings cannot be changed; create a profile for a real cluster with New."));
    m_baseline = this->profile();
    applyEditable();
    updateVisibility();
    validate();
    m_scroll->ensureVisible(0, 0);
}

void ProfileForm::fillSecrets(const ProfileSecrets &secrets)
{
    m_password->setText(secrets.saslPassword);
    m_oauthSecret->setText(secrets.oauthClientSecret);
    m_keyPassword->setText(secrets.sslKeyPassword);
    m_shown.secrets.secretProperties = secrets.secretProperties;
    const QStringList keys = secrets.secretProperties.keys();
    m_secretProperties->setText(
        keys.isEmpty() ? QString()
                       : tr("Also kept with the secrets (values not shown): %1").arg(keys.join(QStringLiteral(", "))));
}

void ProfileForm::setSecrets(const ProfileSecrets &secrets)
{
    m_loading = true;
    fillSecrets(secrets);
    m_loading = false;
    m_baseline.secrets = profile().secrets;
    m_shown.secrets = secrets;
    updateVisibility();
    validate();
}

void ProfileForm::setSecretsPending(bool pending)
{
    m_secretsPending = pending;
    applyEditable();
    validate();
}

void ProfileForm::setSecretStorage(SecretStorage storage, const QString &secretsFile)
{
    m_storage->setCurrentIndex(m_storage->findData(int(storage)));
    m_secretsFile->setText(secretsFile);
    onEdited();
}

void ProfileForm::applyEditable()
{
    const QList<QLineEdit *> edits = findChildren<QLineEdit *>();
    for (QLineEdit *edit : edits) {
        if (edit->parent() && qobject_cast<QSpinBox *>(edit->parent()))
            continue; // a spin box's own editor
        edit->setReadOnly(!m_editable);
    }
    for (QPlainTextEdit *edit : {m_pinned, m_properties})
        edit->setReadOnly(!m_editable);
    for (QWidget *w : findChildren<QAbstractButton *>())
        w->setEnabled(m_editable);
    for (QWidget *w : std::initializer_list<QWidget *>{m_protocol, m_mechanism, m_storage, m_timeout, m_interval})
        w->setEnabled(m_editable);
    const QString pending = tr("Reading the stored secret…");
    for (QLineEdit *secret : {m_password, m_oauthSecret, m_keyPassword}) {
        secret->setEnabled(!m_secretsPending);
        if (secret != m_keyPassword)
            secret->setPlaceholderText(m_secretsPending ? pending : QString());
    }
    m_keyPassword->setPlaceholderText(m_secretsPending ? pending : tr("only for an encrypted key"));
}

ConnectionProfile ProfileForm::profile() const
{
    if (m_shown.isDemo)
        return m_shown;
    ConnectionProfile p = m_shown;
    p.name = m_name->text().trimmed();
    p.colour = m_colour->colour();
    p.bootstrapServers = m_bootstrap->text().trimmed();
    p.readOnly = m_readOnly->isChecked();
    p.production = m_production->isChecked();
    p.securityProtocol = SecurityProtocol(m_protocol->currentData().toInt());
    p.saslMechanism = SaslMechanism(m_mechanism->currentData().toInt());
    p.saslUsername = m_username->text().trimmed();
    p.oauthClientId = m_oauthClientId->text().trimmed();
    p.oauthTokenEndpoint = m_oauthEndpoint->text().trimmed();
    p.oauthScope = m_oauthScope->text().trimmed();
    p.oauthExtensions = m_oauthExtensions->text().trimmed();
    p.kerberosServiceName = m_kerberosService->text().trimmed();
    p.kerberosPrincipal = m_kerberosPrincipal->text().trimmed();
    p.kerberosKeytab = m_kerberosKeytab->text().trimmed();
    p.sslCaFile = m_caFile->text().trimmed();
    p.sslCertificateFile = m_certificateFile->text().trimmed();
    p.sslKeyFile = m_keyFile->text().trimmed();
    p.sslVerifyHostname = m_verifyHostname->isChecked();
    // Secrets are taken as typed: a space may belong to a password.
    p.secrets.saslPassword = m_password->text();
    p.secrets.oauthClientSecret = m_oauthSecret->text();
    p.secrets.sslKeyPassword = m_keyPassword->text();
    p.secretStorage = SecretStorage(m_storage->currentData().toInt());
    p.secretsFile = m_secretsFile->text().trimmed();
    p.requestTimeoutMs = m_timeout->value();
    p.refreshIntervalMs = m_interval->value();
    p.pinnedGroups.clear();
    for (const QString &line : m_pinned->toPlainText().split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            p.pinnedGroups.append(line.trimmed());
    }
    p.clientProperties.clear();
    for (const auto &[key, value] : parseProperties(nullptr)) {
        // A secret typed here goes with the other secrets, never into the settings file with the profile.
        if (isSecretKey(key))
            p.secrets.secretProperties.insert(key, value);
        else
            p.clientProperties.insert(key, value);
    }
    return p;
}

QList<std::pair<QString, QString>> ProfileForm::parseProperties(QStringList *errors) const
{
    QList<std::pair<QString, QString>> properties;
    int lineNo = 0;
    for (const QString &raw : m_properties->toPlainText().split(QLatin1Char('\n'))) {
        ++lineNo;
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            if (errors)
                errors->append(tr("Line %1 is not key=value.").arg(lineNo));
            continue;
        }
        properties.append({line.left(eq).trimmed(), line.mid(eq + 1).trimmed()});
    }
    return properties;
}

bool ProfileForm::isModified() const
{
    return m_editable && profile() != m_baseline;
}

void ProfileForm::onEdited()
{
    if (m_loading)
        return;
    updateVisibility();
    validate();
    Q_EMIT edited();
}

void ProfileForm::setRowShown(QWidget *container, bool shown)
{
    // A grid row whose widgets are all hidden takes no room.
    container->setVisible(shown);
    if (QLabel *label = m_labels.value(container))
        label->setVisible(shown);
}

void ProfileForm::updateVisibility()
{
    const auto protocol = SecurityProtocol(m_protocol->currentData().toInt());
    const auto mechanism = SaslMechanism(m_mechanism->currentData().toInt());
    const bool sasl = protocol == SecurityProtocol::SaslPlaintext || protocol == SecurityProtocol::SaslSsl;
    const bool tls = protocol == SecurityProtocol::Ssl || protocol == SecurityProtocol::SaslSsl;
    const bool password = sasl && (mechanism == SaslMechanism::Plain || mechanism == SaslMechanism::ScramSha256 ||
                                   mechanism == SaslMechanism::ScramSha512);
    const bool oauth = sasl && mechanism == SaslMechanism::OAuthBearer;
    const bool kerberos = sasl && mechanism == SaslMechanism::Gssapi;

    setRowShown(m_mechanismRow, sasl);
    for (ProfileField f : {ProfileField::SaslUsername, ProfileField::SaslPassword})
        setRowShown(m_rows[f].container, password);
    for (ProfileField f : {ProfileField::OAuthClientId, ProfileField::OAuthClientSecret,
                           ProfileField::OAuthTokenEndpoint, ProfileField::OAuthExtensions})
        setRowShown(m_rows[f].container, oauth);
    setRowShown(m_oauthScopeRow, oauth);
    setRowShown(m_kerberosServiceRow, kerberos);
    for (ProfileField f : {ProfileField::KerberosPrincipal, ProfileField::KerberosKeytab})
        setRowShown(m_rows[f].container, kerberos);
    m_tlsBox->setVisible(tls);

    const auto storage = SecretStorage(m_storage->currentData().toInt());
    const bool secretProperties = !m_shown.secrets.secretProperties.isEmpty();
    // The storage choice only matters for a profile that has secrets to keep.
    m_secretsBox->setVisible(!m_shown.isDemo && (password || oauth || tls || secretProperties));
    setRowShown(m_rows[ProfileField::SecretsFile].container, storage == SecretStorage::PlainTextFile);
    const QString file = m_secretsFile->text().trimmed();
    setRowShown(m_secretsWarningRow, storage == SecretStorage::PlainTextFile && !file.isEmpty());
    m_secretsWarning->setText(tr("Passwords and secrets are written unencrypted to %1. Anyone who can read that "
                                 "file can read them; it is made readable by you only.")
                                  .arg(QDir::toNativeSeparators(file)));
    setRowShown(m_secretPropertiesRow, secretProperties);
}

void ProfileForm::validate()
{
    const ConnectionProfile p = profile();
    m_problems = validateProfile(p, m_probe);
    m_propertyErrors.clear();
    if (!p.isDemo)
        parseProperties(&m_propertyErrors);
    for (const QString &error : std::as_const(m_propertyErrors))
        m_problems.append({ProfileField::ClientProperties, ProblemSeverity::Error, error});
    if (m_secretsPending) {
        m_problems.removeIf([](const ProfileProblem &problem) {
            return std::find(std::begin(kSecretFields), std::end(kSecretFields), problem.field) !=
                   std::end(kSecretFields);
        });
    }
    showProblems();
    Q_EMIT problemsChanged();
}

void ProfileForm::showProblems()
{
    const QPalette pal = palette();
    QStringList others;
    for (auto &[field, row] : m_rows) {
        QStringList messages;
        std::optional<ProblemSeverity> worst;
        for (const ProfileProblem &problem : std::as_const(m_problems)) {
            if (problem.field != field)
                continue;
            messages.append(problem.message);
            if (!worst || problem.severity == ProblemSeverity::Error)
                worst = problem.severity;
        }
        const bool shown = worst.has_value();
        row.message->setVisible(shown);
        row.icon->setVisible(shown);
        row.message->setText(messages.join(QLatin1Char('\n')));
        row.field->setAccessibleDescription(messages.join(QLatin1Char(' ')));
        if (row.mark) {
            row.mark->setVisible(shown);
            row.mark->setToolTip(messages.join(QLatin1Char('\n')));
        }
        if (!shown)
            continue;
        const QIcon icon = problemIcon(*worst, style());
        const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
        row.icon->setPixmap(icon.pixmap(size, size));
        if (row.mark)
            row.mark->setIcon(icon);
        QPalette messagePalette = row.message->palette();
        messagePalette.setColor(QPalette::WindowText, problemColour(*worst, pal));
        row.message->setPalette(messagePalette);
        if (!isFieldShown(field))
            others.append(messages);
    }
    for (const ProfileProblem &problem : std::as_const(m_problems)) {
        if (!m_rows.count(problem.field))
            others.append(problem.message);
    }
    m_otherProblems->setVisible(!others.isEmpty());
    m_otherProblems->setText(others.join(QLatin1Char('\n')));
    QPalette otherPalette = m_otherProblems->palette();
    otherPalette.setColor(QPalette::WindowText, problemColour(ProblemSeverity::Error, pal));
    m_otherProblems->setPalette(otherPalette);
}

bool ProfileForm::hasErrors() const
{
    return OffsetLens::hasErrors(m_problems);
}

QString ProfileForm::problemText(ProfileField field) const
{
    const auto it = m_rows.find(field);
    return it == m_rows.end() || it->second.message->isHidden() ? QString() : it->second.message->text();
}

QWidget *ProfileForm::fieldWidget(ProfileField field) const
{
    const auto it = m_rows.find(field);
    return it == m_rows.end() ? nullptr : it->second.field;
}

bool ProfileForm::isFieldShown(ProfileField field) const
{
    const auto it = m_rows.find(field);
    if (it == m_rows.end())
        return false;
    // Visible to its section, and the section is shown (the form itself may not be on screen yet).
    QWidget *box = it->second.container->parentWidget();
    return !it->second.container->isHidden() && box && !box->isHidden();
}

void ProfileForm::focusField(ProfileField field)
{
    QWidget *widget = fieldWidget(field);
    if (!widget || !isFieldShown(field))
        return;
    widget->setFocus(Qt::OtherFocusReason);
    m_scroll->ensureWidgetVisible(m_rows[field].container);
}

bool ProfileForm::focusFirstError()
{
    for (const ProfileProblem &problem : std::as_const(m_problems)) {
        if (problem.severity == ProblemSeverity::Error && isFieldShown(problem.field)) {
            focusField(problem.field);
            return true;
        }
    }
    return hasErrors();
}

void ProfileForm::setFileProbe(FileProbe probe)
{
    m_probe = std::move(probe);
    m_ownProbe = false;
    validate();
}

} // namespace OffsetLens
