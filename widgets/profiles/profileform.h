#pragma once

#include "connectionprofile.h"
#include "keymaterial.h"
#include "profilevalidation.h"

#include <QHash>
#include <QWidget>

#include <map>

class QAction;
class QCheckBox;
class QComboBox;
class QGridLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QScrollArea;
class QSpinBox;

namespace OffsetLens {

class ColourTagButton;

// The editor of one ConnectionProfile. Shows only the fields the chosen protocol and SASL mechanism use, checks
// the profile as the user types (validateProfile(): bootstrap syntax, the files it names, what each mechanism
// needs) and marks each field with its errors and warnings. Secrets are password fields; where they are kept is
// chosen here too (keychain, asked each time, or a plain-text file that the warning names).
//
// It edits a copy: nothing is saved here. The owner decides what to do with profile() and isModified().
class ProfileForm : public QWidget
{
    Q_OBJECT
public:
    explicit ProfileForm(QWidget *parent = nullptr);

    // Shows `profile` (with whatever secrets it carries) as unmodified. The demo profile is shown read-only.
    void setProfile(const ConnectionProfile &profile);
    // What the fields say. The id, isDemo and the secret client properties come from the profile shown; the demo
    // comes back as it was given.
    ConnectionProfile profile() const;
    bool isModified() const;
    bool isEditable() const { return m_editable; }

    // Secrets may arrive after the profile (the keychain answers asynchronously). While they are pending, the
    // secret fields are disabled, say why, and are not reported missing.
    void setSecretsPending(bool pending);
    bool secretsPending() const { return m_secretsPending; }
    // Fills the secret fields with what is stored; they count as unmodified.
    void setSecrets(const ProfileSecrets &secrets);
    // Where the secrets go, as the user would choose it (the owner's fallback when no keychain is reachable).
    void setSecretStorage(SecretStorage storage, const QString &secretsFile = {});

    // Everything validation found for what is in the fields now (problems of hidden fields included).
    QList<ProfileProblem> problems() const { return m_problems; }
    bool hasErrors() const;
    // The message shown with a field (several joined by newlines; empty when none), and the field's widget.
    QString problemText(ProfileField field) const;
    QWidget *fieldWidget(ProfileField field) const;
    bool isFieldShown(ProfileField field) const;
    void focusField(ProfileField field);
    bool focusFirstError(); // false when there is none

    // How the files a profile names are read (tests count reads; the default reads them, cached for a moment).
    void setFileProbe(FileProbe probe);

Q_SIGNALS:
    void edited(); // the user changed a field
    void problemsChanged();

private:
    struct Row
    {
        QWidget *container = nullptr; // the field with its message; what the form layout holds
        QWidget *field = nullptr;
        QLabel *icon = nullptr;
        QLabel *message = nullptr;
        QAction *mark = nullptr; // the icon inside a line edit
    };

    void buildCluster(QWidget *page);
    void buildSecurity(QWidget *page);
    void buildTls(QWidget *page);
    void buildSecrets(QWidget *page);
    void buildAdvanced(QWidget *page);
    QGroupBox *section(QWidget *page, const QString &title, QGridLayout **form);
    QWidget *addRow(QGridLayout *form, const QString &label, QWidget *field, std::optional<ProfileField> problems,
                    QWidget *extra = nullptr);
    QLineEdit *lineEdit(const QString &objectName, const QString &placeholder = {});
    QLineEdit *passwordEdit(const QString &objectName);
    QWidget *fileRow(QLineEdit *edit, const QString &title, const QString &filter, bool save = false);

    void onEdited();
    void updateVisibility();
    void validate();
    void showProblems();
    void setRowShown(QWidget *container, bool shown);
    void applyEditable();
    void fillSecrets(const ProfileSecrets &secrets);
    QList<std::pair<QString, QString>> parseProperties(QStringList *errors) const;

    ConnectionProfile m_shown;    // as given to setProfile()
    ConnectionProfile m_baseline; // m_shown as the fields render it: what "unmodified" compares against
    QList<ProfileProblem> m_problems;
    QStringList m_propertyErrors; // lines of the properties text that are not key=value
    FileProbe m_probe;
    bool m_ownProbe = true; // the caching default, replaced when the file is browsed for
    bool m_loading = false;
    bool m_editable = true;
    bool m_secretsPending = false;

    std::map<ProfileField, Row> m_rows;
    QHash<QWidget *, QLabel *> m_labels; // row container -> its label
    QScrollArea *m_scroll = nullptr;
    QLabel *m_notice = nullptr;        // the demo's explanation
    QLabel *m_otherProblems = nullptr; // problems of fields that are not shown
    QGroupBox *m_tlsBox = nullptr;
    QGroupBox *m_secretsBox = nullptr;

    QLineEdit *m_name = nullptr;
    ColourTagButton *m_colour = nullptr;
    QLineEdit *m_bootstrap = nullptr;
    QCheckBox *m_readOnly = nullptr;
    QCheckBox *m_production = nullptr;
    QComboBox *m_protocol = nullptr;
    QComboBox *m_mechanism = nullptr;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_oauthClientId = nullptr;
    QLineEdit *m_oauthSecret = nullptr;
    QLineEdit *m_oauthEndpoint = nullptr;
    QLineEdit *m_oauthScope = nullptr;
    QLineEdit *m_oauthExtensions = nullptr;
    QLineEdit *m_kerberosService = nullptr;
    QLineEdit *m_kerberosPrincipal = nullptr;
    QLineEdit *m_kerberosKeytab = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLineEdit *m_certificateFile = nullptr;
    QLineEdit *m_keyFile = nullptr;
    QLineEdit *m_keyPassword = nullptr;
    QCheckBox *m_verifyHostname = nullptr;
    QComboBox *m_storage = nullptr;
    QLineEdit *m_secretsFile = nullptr;
    QLabel *m_secretsWarning = nullptr;
    QLabel *m_secretProperties = nullptr;
    QSpinBox *m_timeout = nullptr;
    QSpinBox *m_interval = nullptr;
    QPlainTextEdit *m_pinned = nullptr;
    QPlainTextEdit *m_properties = nullptr;

    // Row containers of fields without problems of their own, for showing and hiding them.
    QWidget *m_mechanismRow = nullptr;
    QWidget *m_oauthScopeRow = nullptr;
    QWidget *m_kerberosServiceRow = nullptr;
    QWidget *m_storageRow = nullptr;
    QWidget *m_secretsWarningRow = nullptr;
    QWidget *m_secretPropertiesRow = nullptr;
};

} // namespace OffsetLens
