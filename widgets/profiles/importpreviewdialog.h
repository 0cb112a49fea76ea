#pragma once

#include "profileimport.h"

#include <QDialog>

#include <functional>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTreeWidget;

namespace OffsetLens {

// What importing a client configuration file would give, before a profile is created: the profile's name (to
// choose), its servers and security, the errors, and every note on keys that were converted, left out or not
// understood, with their line numbers. The selected note's full text (conversion commands included) is shown in
// a selectable box with a Copy button.
class ImportPreviewDialog : public QDialog
{
    Q_OBJECT
public:
    ImportPreviewDialog(const QString &filePath, const QString &formatName, const ProfileImport &result,
                        QWidget *parent = nullptr);

    QString profileName() const;
    // Called on Create with the chosen name: an error text keeps the dialog open and shows it.
    void setNameCheck(std::function<QString(const QString &name)> check) { m_check = std::move(check); }

    QTreeWidget *notesView() const { return m_notes; }
    QPlainTextEdit *noteText() const { return m_noteText; }

    static QString kindName(ImportNoteKind kind);

    void accept() override;

private:
    void showNote();

    ProfileImport m_result;
    std::function<QString(const QString &)> m_check;
    QLineEdit *m_name = nullptr;
    QLabel *m_error = nullptr;     // the file's errors
    QLabel *m_nameError = nullptr; // why the name cannot be used
    QTreeWidget *m_notes = nullptr;
    QPlainTextEdit *m_noteText = nullptr;
};

} // namespace OffsetLens
