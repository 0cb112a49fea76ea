#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace OffsetLens {

// Renders rows the way the Kafka CLI tools do (left-aligned, space-padded columns), as RFC 4180 CSV, or as JSON.
// Each column has a minimum width: kafka-consumer-groups pads PARTITION to 10 and the offset columns to 15.
class TablePrinter
{
public:
    struct Column
    {
        QString header;
        int minWidth = 0;
    };

    explicit TablePrinter(QList<Column> columns);

    void addRow(QStringList cells); // cells.size() must equal the column count; "" is printed as "-" in text
    qsizetype rowCount() const { return m_rows.size(); }

    QString toText() const; // header line + rows, each line ends with '\n'
    QString toCsv() const;  // header line + rows; empty cells stay empty

private:
    QList<Column> m_columns;
    QList<QStringList> m_rows;
};

QString csvEscape(const QString &cell);

} // namespace OffsetLens
