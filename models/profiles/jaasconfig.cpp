#include "jaasconfig.h"

#include <QCoreApplication>

namespace OffsetLens {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("JaasConfig", text);
}

// Long hostile input must not turn into a long message.
QString shown(QStringView text)
{
    constexpr qsizetype kMax = 40;
    return text.size() <= kMax ? text.toString() : text.left(kMax).toString() + QStringLiteral("…");
}

class Parser
{
public:
    explicit Parser(QStringView text)
        : m_text(text)
    {}

    JaasConfig parse()
    {
        JaasConfig config;
        skipSpace();
        while (m_error.isEmpty() && m_pos < m_text.size()) {
            JaasLoginModule module;
            if (parseModule(module))
                config.modules.append(module);
            skipSpace();
        }
        if (m_error.isEmpty() && config.modules.isEmpty())
            m_error = tr("no login module");
        config.error = m_error;
        if (!m_error.isEmpty())
            config.modules.clear();
        return config;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar current() const { return m_text.at(m_pos); }
    bool startsComment() const { return m_text.mid(m_pos).startsWith(u"//") || m_text.mid(m_pos).startsWith(u"/*"); }

    void skipSpace()
    {
        while (!atEnd()) {
            if (current().isSpace()) {
                ++m_pos;
            } else if (m_text.mid(m_pos).startsWith(u"//")) {
                while (!atEnd() && current() != QLatin1Char('\n'))
                    ++m_pos;
            } else if (m_text.mid(m_pos).startsWith(u"/*")) {
                const qsizetype end = m_text.indexOf(u"*/", m_pos + 2);
                m_pos = end < 0 ? m_text.size() : end + 2;
            } else {
                return;
            }
        }
    }

    // A class name, flag, option name or unquoted value.
    QStringView word()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && !current().isSpace() && !QStringView(u"=;\"'").contains(current()) && !startsComment())
            ++m_pos;
        return m_text.mid(start, m_pos - start);
    }

    bool fail(const QString &message)
    {
        m_error = message;
        return false;
    }

    bool parseModule(JaasLoginModule &module)
    {
        module.className = word().toString();
        if (module.className.isEmpty())
            return fail(tr("expected a login module class name, found '%1'").arg(current()));
        skipSpace();
        module.flag = word().toString();
        static const QStringList flags = {QStringLiteral("required"), QStringLiteral("requisite"),
                                          QStringLiteral("sufficient"), QStringLiteral("optional")};
        if (!flags.contains(module.flag, Qt::CaseInsensitive)) {
            return fail(
                tr("expected required, requisite, sufficient or optional after %1").arg(shown(module.className)));
        }
        for (;;) {
            skipSpace();
            if (atEnd())
                return fail(tr("missing ';' at the end"));
            if (current() == QLatin1Char(';')) {
                ++m_pos;
                return true;
            }
            JaasOption option;
            option.name = word().toString();
            if (option.name.isEmpty())
                return fail(tr("unexpected '%1'").arg(current()));
            skipSpace();
            if (atEnd() || current() != QLatin1Char('='))
                return fail(tr("expected '=' after %1").arg(shown(option.name)));
            ++m_pos;
            skipSpace();
            if (!atEnd() && (current() == QLatin1Char('"') || current() == QLatin1Char('\''))) {
                if (!quoted(option.value))
                    return fail(tr("the value of %1 has no closing quote").arg(shown(option.name)));
            } else {
                option.value = word().toString();
                if (option.value.isEmpty())
                    return fail(tr("no value for %1").arg(shown(option.name)));
            }
            module.options.append(option);
        }
    }

    bool quoted(QString &value)
    {
        const QChar quote = current();
        ++m_pos;
        while (!atEnd()) {
            const QChar c = current();
            ++m_pos;
            if (c == quote)
                return true;
            if (c != QLatin1Char('\\') || atEnd()) {
                value.append(c);
                continue;
            }
            value.append(escaped());
        }
        return false;
    }

    // After a backslash in a quoted value.
    QChar escaped()
    {
        const QChar e = current();
        ++m_pos;
        switch (e.unicode()) {
        case u'a':
            return QChar(7);
        case u'b':
            return QChar(8);
        case u'f':
            return QChar(12);
        case u'n':
            return QChar(10);
        case u'r':
            return QChar(13);
        case u't':
            return QChar(9);
        case u'v':
            return QChar(11);
        default:
            break;
        }
        if (e < QLatin1Char('0') || e > QLatin1Char('7'))
            return e;
        // Octal: up to three digits, the first one 0-3 when there are three (so the value fits a byte).
        int value = e.unicode() - u'0';
        const int maxDigits = value <= 3 ? 3 : 2;
        for (int digits = 1; digits < maxDigits && !atEnd(); ++digits) {
            const QChar d = current();
            if (d < QLatin1Char('0') || d > QLatin1Char('7'))
                break;
            value = value * 8 + (d.unicode() - u'0');
            ++m_pos;
        }
        return QChar(value);
    }

    QStringView m_text;
    qsizetype m_pos = 0;
    QString m_error;
};

} // namespace

QString JaasLoginModule::simpleClassName() const
{
    return className.mid(className.lastIndexOf(QLatin1Char('.')) + 1);
}

JaasConfig parseJaasConfig(QStringView text)
{
    return Parser(text).parse();
}

QString jaasQuoted(const QString &value)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : value) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\') + c;
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else if (c == QLatin1Char('\r'))
            out += QLatin1String("\\r");
        else
            out += c;
    }
    return out + QLatin1Char('"');
}

} // namespace OffsetLens
