#pragma once

#include "connectionprofile.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace OffsetLens {

// Pick a saved connection profile (the embedded demo is always first), edit or create one, and connect.
// Input is checked before anything is saved or a connection is attempted.
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget *parent = nullptr);

    void selectProfile(const QString &profileId);
    ConnectionProfile profile() const; // the profile to connect with, valid after accept()

    void accept() override;

private:
    void reload(const QString &select);
    void showProfile(int row);
    void newProfile();
    void deleteProfile();
    bool saveCurrent();
    bool readForm(ConnectionProfile *profile, QString *error) const;
    void setFormEnabled(bool enabled);

    QList<ConnectionProfile> m_profiles;
    ConnectionProfile m_result;
    QListWidget *m_list = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_bootstrap = nullptr;
    QPlainTextEdit *m_pinned = nullptr;
    QPlainTextEdit *m_properties = nullptr;
    QSpinBox *m_timeout = nullptr;
    QSpinBox *m_interval = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_delete = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace OffsetLens
