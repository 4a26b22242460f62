"""Help that stands alone, in both languages: what each command does, at least two examples,
the exit codes it can end with, and what each argument and option means.

The Typer app takes its English help from here, and its help pages are drawn from here in
the language of the command line (`--lang`, else QT_LANG, else Chinese), so that `qt -h`
needs no README. Free of Typer: `render` lays a page out as text, measuring Chinese
characters as two columns and never breaking a word, a command line or an id.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from qtcli.errors import ExitCode
from qtcli.factbase.model import Text
from qtcli.records import record


def T(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


EXIT_MEANINGS: dict[ExitCode, Text] = {
    ExitCode.OK: T("找到", "found"),
    ExitCode.NOT_FOUND: T(
        "没有匹配(标准错误输出说明原因并列出最接近的)",
        "nothing matched (stderr says so and names the closest candidates)",
    ),
    ExitCode.USAGE: T("用法错误或选项值有误", "usage error or bad option value"),
    ExitCode.INVALID_FACTS: T(
        "事实库有误(列出每处问题及其文件和行)",
        "the fact base is invalid (every problem listed, with file and line)",
    ),
    ExitCode.INTERNAL: T(
        "内部错误(程序缺陷;设置 QT_DEBUG=1 查看回溯)",
        "internal error (a bug; QT_DEBUG=1 shows the traceback)",
    ),
    ExitCode.NO_MEMORY: T(
        "内存不足,无法为事实库建立索引;未留下任何东西",
        "not enough memory to index the fact base; nothing was left behind",
    ),
    ExitCode.CANNOT_WRITE: T(
        "无法写出,未做任何改动", "the output cannot be written; nothing was changed"
    ),
    ExitCode.INTERRUPTED: T("被中断(Ctrl-C)", "interrupted (Ctrl-C)"),
}


@record
class Page:
    """One command's help: what it does, examples (command line, what it shows), exit codes
    (with a meaning of the command's own where the general one would mislead)."""

    summary: Text
    examples: tuple[tuple[str, Text], ...]
    codes: tuple[tuple[ExitCode, Text | None], ...]
    body: Text | None = None


FOUND = (ExitCode.OK, None)
NONE_MATCHED = (ExitCode.NOT_FOUND, None)
USAGE = (ExitCode.USAGE, None)
INVALID = (ExitCode.INVALID_FACTS, None)
LOOKUP_CODES = (FOUND, NONE_MATCHED, USAGE, INVALID)
BATCH = T(
    "名称为 '-' 时从标准输入每行读一个查询,逐行写出 JSON(失败的行写出错误对象)。",
    "A name of '-' reads one query per line from stdin and writes one JSON object per line "
    "(a failed line writes its error object).",
)


def _entity_page(zh: str, en: str, examples: tuple[tuple[str, Text], ...]) -> Page:
    return Page(
        T(
            f"{zh}的概况:名称、所在地、事实与数据,均注明出处。",
            f"Profile of {en}: names, place, facts and figures, each with its source.",
        ),
        examples,
        LOOKUP_CODES,
        T(
            "终端上每部分只显示前几行,并给出显示其余的命令;--json 与管道输出全部。" + BATCH.zh,
            "On a terminal each section shows its first rows and the command that shows the "
            "rest; --json and pipes get everything. " + BATCH.en,
        ),
    )


PAGES: dict[str, Page] = {
    "": Page(
        T(
            "杭州钱塘区制造业事实查询:企业、园区/平台、地区与经济指标,每条答案都注明出处和原文。",
            "Answers about manufacturing in Hangzhou's Qiantang district: companies, parks, "
            "regions and economic figures, each with its source and a verbatim quote.",
        ),
        (
            (
                "qt company 中策橡胶",
                T(
                    "按名称查企业(也可用拼音、英文名、简称)",
                    "a company by name (or pinyin, English name, short form)",
                ),
            ),
            (
                "qt metric rd-intensity --year 2021",
                T("某指标某年的全部数据", "every figure of a metric in a year"),
            ),
            (
                'qt ask "What was Qiantang\'s R&D intensity in 2021?"',
                T("用自然语言提问", "a question in plain words"),
            ),
            (
                "qt search 错位发展",
                T("在名称、行业、事实和原文中搜索", "search names, sectors, facts and quotes"),
            ),
        ),
        tuple((code, None) for code in ExitCode),
        T(
            "--json、--lang zh|en、--facts DIR 可写在命令前后任何位置。消息与帮助的语言:--lang,否则 "
            "QT_LANG,否则中文。JSON 的结构:qt schema [命令]。",
            "--json, --lang zh|en and --facts DIR may stand anywhere, before or after the "
            "command. Messages and help are in --lang, else QT_LANG, else Chinese. The shape "
            "of each command's JSON: qt schema [COMMAND].",
        ),
    ),
    "company": _entity_page(
        "企业",
        "a company",
        (
            ("qt company 中策橡胶", T("中文名", "by its Chinese name")),
            (
                "qt company zcxj --lang en",
                T("拼音首字母,英文显示", "by pinyin initials, in English"),
            ),
            (
                "qt company 'Zhongce Rubber' --json",
                T("英文名,输出 JSON", "by its English name, as JSON"),
            ),
        ),
    ),
    "park": _entity_page(
        "园区/平台",
        "a park or platform",
        (
            ("qt park 钱开区", T("简称", "by its short form")),
            ("qt park 医药港", T("名称的一部分", "by part of its name")),
        ),
    ),
    "region": _entity_page(
        "地区",
        "a region",
        (
            ("qt region 钱塘", T("中文名", "by its Chinese name")),
            (
                "qt region Qiantang --lang en",
                T("英文名,英文显示", "by its English name, in English"),
            ),
        ),
    ),
    "org": _entity_page(
        "机构",
        "an organisation",
        (
            ("qt org 浙江理工大学", T("高校", "a university")),
            ("qt org miit --json", T("按 ID,输出 JSON", "by id, as JSON")),
        ),
    ),
    "metric": Page(
        T(
            "某指标的全部数据,涵盖每个有数据的对象,均注明出处。",
            "Figures of a metric, for every subject that has one, each with its source.",
        ),
        (
            ("qt metric rd-intensity --year 2021", T("按 ID 与年份", "by id, for one year")),
            (
                "qt metric 研发强度 --region 钱塘",
                T("按别名,限一地及其所辖", "by an alias, for a place and what lies in it"),
            ),
            (
                "qt metric 'R&D intensity' --json",
                T("按英文名,输出 JSON", "by English name, as JSON"),
            ),
        ),
        LOOKUP_CODES,
        T(
            "不加 --year 时,终端上为数额、数量、面积或比重的序列在每个数值旁画出条形图(排名不画)。"
            + BATCH.zh,
            "Without --year, a terminal shows a series of amounts, counts, areas or shares with a "
            "bar per value (never ranks). " + BATCH.en,
        ),
    ),
    "search": Page(
        T(
            "搜索一切并排序:名称、行业与主导产业、事实文本、原文中的词句、来源标题。",
            "Search everything, ranked: names, sectors and focus industries, fact texts, "
            "phrases of quotes, source titles.",
        ),
        (
            ("qt search 错位发展", T("原文中的词句", "a phrase of a quote")),
            (
                "qt search tyre --kind company",
                T(
                    "只要企业(英文词从词首匹配)",
                    "companies only (a Latin word matches from its start)",
                ),
            ),
            (
                "qt search 中策 --kind fact --limit 5",
                T("只要事实,最多 5 条", "facts only, at most 5"),
            ),
        ),
        LOOKUP_CODES,
    ),
    "list": Page(
        T(
            "浏览企业、园区、地区、机构、指标或来源。",
            "Browse companies, parks, regions, organisations, metrics or sources.",
        ),
        (
            ("qt list companies --park 前进智造园", T("某园区内的企业", "the companies in a park")),
            ("qt list companies --sector 汽车", T("某行业的企业", "the companies of a sector")),
            (
                "qt list metrics --json",
                T("全部指标及其 ID,输出 JSON", "every metric and its id, as JSON"),
            ),
        ),
        (
            FOUND,
            (ExitCode.NOT_FOUND, T("没有符合条件的记录", "nothing listed there")),
            USAGE,
            INVALID,
        ),
    ),
    "source": Page(
        T(
            "来源文章:标题、作者、日期,以及引用它的每条事实与数据。",
            "A source article: title, authors, date, and every fact and figure citing it.",
        ),
        (
            ("qt source zhizao-2022", T("按来源 ID", "by source id")),
            (
                "qt source 000 --cite apa",
                T("按文章编号,附 APA 引文", "by article number, with an APA reference"),
            ),
        ),
        LOOKUP_CODES,
    ),
    "show": Page(
        T(
            "按任何输出中显示的 ID 或键查看记录:实体、指标、来源、事实或数据。",
            "Look up any id or key an output shows: an entity, metric, source, fact or observation.",
        ),
        (
            ("qt show 000-zhizao-2022#f1", T("一条事实", "a fact")),
            (
                "qt show 000-zhizao-2022#o1 --lang en",
                T("一条数据,英文显示", "an observation, in English"),
            ),
            (
                "qt show zhongce-rubber",
                T("一个实体,与 qt company 相同", "an entity, as qt company shows it"),
            ),
        ),
        (
            FOUND,
            (
                ExitCode.NOT_FOUND,
                T("没有这个键(列出相近的键)", "no record has that key (keys alike are named)"),
            ),
            USAGE,
            INVALID,
        ),
    ),
    "check": Page(
        T(
            "校验事实库;有问题时以 3 退出并列出每处问题及其文件和行。",
            "Validate the fact base; exit 3 listing every problem, each with file and line.",
        ),
        (
            ("qt check", T("校验随附的事实库", "validate the shipped fact base")),
            (
                "qt check --sources ../shared/seeds --coverage",
                T("逐字核对引文并列出未覆盖的数字", "prove every quote and list uncovered numbers"),
            ),
            (
                "qt check --facts ./facts --json",
                T("另一事实库,输出 JSON", "another fact base, as JSON"),
            ),
        ),
        ((ExitCode.OK, T("事实库有效", "the fact base is valid")), USAGE, INVALID),
    ),
    "ask": Page(
        T(
            "用自然语言提问,用一条有记录的数据或事实作答并注明出处。",
            "Answer a question in plain words from one recorded figure or fact, with its source.",
        ),
        (
            ('qt ask "钱塘区2021年R&D经费投入强度是多少?"', T("中文提问", "a question in Chinese")),
            (
                'qt ask "What was Qiantang\'s R&D intensity in 2021?"',
                T("英文提问", "a question in English"),
            ),
            (
                "qt ask 中策橡胶投资了多少建未来工厂 --lang en",
                T("中文提问,英文作答", "asked in Chinese, answered in English"),
            ),
        ),
        (
            (ExitCode.OK, T("已作答", "answered")),
            (
                ExitCode.NOT_FOUND,
                T(
                    "事实库无法回答(列出最接近的记录)",
                    "the fact base cannot answer (the nearest records are named)",
                ),
            ),
            USAGE,
            INVALID,
        ),
        T(
            "作答语言:--lang,否则 QT_LANG,否则与问题相同。" + BATCH.zh.replace("名称", "问题"),
            "The answer is in --lang, else QT_LANG, else the question's language. "
            + BATCH.en.replace("A name", "A question"),
        ),
    ),
    "export": Page(
        T(
            "把数据、实体、事实、指标和来源写成整齐的表格,供 pandas、电子表格或 Datasette 使用。",
            "Write observations, entities, facts, metrics and sources as tidy tables for "
            "pandas, a spreadsheet or Datasette.",
        ),
        (
            (
                "qt export qt.db",
                T(
                    "SQLite,含可搜索中文的全文索引",
                    "SQLite, with full-text search that finds Chinese",
                ),
            ),
            (
                "qt export tables --excel",
                T("CSV 文件夹,带 BOM 供 Excel 使用", "a folder of CSV, with a BOM for Excel"),
            ),
            ("qt export - | jq .table", T("JSON Lines 写到标准输出", "JSON Lines on stdout")),
        ),
        ((ExitCode.OK, T("已写出", "written")), USAGE, INVALID, (ExitCode.CANNOT_WRITE, None)),
        T(
            "没有 --force 时绝不替换已有的文件或文件夹。",
            "Never replaces an existing file or folder without --force.",
        ),
    ),
    "draft": Page(
        T(
            "为尚未收录的新文章起草记录,供人审阅;审阅后接受。",
            "Propose records for a new article, for a curator to review; accept them when reviewed.",
        ),
        (
            (
                "qt draft new.txt --source xinqu-2025 -o facts/articles/005-new.toml",
                T(
                    '起草为事实库格式的 TOML,每条标记 review = "pending"',
                    'draft TOML in the fact base\'s schema, each record review = "pending"',
                ),
            ),
            (
                "qt draft new.txt --source xinqu-2025 --date 2025-03 --json",
                T("每条数据一个 JSON 对象", "one JSON object per proposed figure"),
            ),
            (
                "qt draft --accept facts/articles/005-new.toml",
                T("校验审阅过的草稿并转为记录", "check the reviewed drafts and make them records"),
            ),
        ),
        (
            (ExitCode.OK, T("已起草或已接受", "drafted or accepted")),
            USAGE,
            (
                ExitCode.INVALID_FACTS,
                T(
                    "审阅过的草稿还有问题(逐条列出),未接受任何记录",
                    "the reviewed drafts have problems (each listed); nothing was accepted",
                ),
            ),
            (ExitCode.CANNOT_WRITE, None),
        ),
        T(
            "每个数字附单位、限定词、年份或时期与原文;建议的对象与指标各附得分和备选。"
            "-o 从不覆盖已有文件。",
            "Every figure with its unit, qualifier, year or period and quote; a suggested "
            "subject and metric, each with its score and alternatives. -o never replaces a file.",
        ),
    ),
    "schema": Page(
        T(
            "以 JSON 输出某命令 JSON 结果的结构(schema 1)。",
            "Print the shape of a command's JSON output (schema 1), as JSON.",
        ),
        (
            ("qt schema metric", T("qt metric --json 的结构", "the shape of qt metric --json")),
            ("qt schema error", T("任一命令出错时的 JSON", "the JSON of any command's error")),
            ("qt schema | jq '.shapes | keys'", T("全部结构", "every shape")),
        ),
        ((ExitCode.OK, T("已输出", "printed")), USAGE),
    ),
}

# What each argument and option means, by parameter name; "command.name" where a command
# means something of its own by it.
PARAMS: dict[str, Text] = {
    "query": T(
        "任意形式的名称:中文、英文、拼音、首字母;'-' 从标准输入逐行读取。",
        "A name in any form: Chinese, English, pinyin, initials; '-' reads one per line from stdin.",
    ),
    "metric.query": T(
        "指标的 ID、中文名、英文名或别名;'-' 从标准输入逐行读取。",
        "A metric's id, Chinese or English name or alias; '-' reads one per line from stdin.",
    ),
    "search.query": T("任意词语或名称。", "Any word or name."),
    "list.kind": T("要列出的类别。", "What to list."),
    "id": T(
        "来源 ID(见 'qt list sources')、文章文件名或编号(000),或标题中的词句。",
        "A source id (see 'qt list sources'), its article file name or number (000), or a phrase of its title.",
    ),
    "key": T(
        "任何输出中显示的 ID 或键:实体、指标或来源的 ID,事实或数据的键。",
        "An id or key as any output shows it: an entity, metric or source id, a fact or observation key.",
    ),
    "question": T(
        "中文或英文的自然语言问题;'-' 从标准输入逐行读取。",
        "A question in Chinese or English, in plain words; '-' reads one per line from stdin.",
    ),
    "out": T(
        "文件夹(CSV)、x.db 或 x.sqlite(SQLite)、x.jsonl(JSON Lines),或 '-'(JSON Lines 写到标准输出)。",
        "A folder (CSV), x.db or x.sqlite (SQLite), x.jsonl (JSON Lines), or '-' for JSON Lines on stdout.",
    ),
    "draft.article": T(
        "尚未收录的新文章正文(UTF-8)。", "A new article's text (UTF-8), not yet in the fact base."
    ),
    "draft.source": T(
        "文章的来源 ID(其在 sources.toml 中的 [[source]])。",
        "The article's source id (its [[source]] in sources.toml).",
    ),
    "draft.date": T(
        "文章写作时间 YYYY 或 YYYY-MM(默认取其来源的日期),用于理解去年、今年1-8月等。",
        "When it was written, YYYY or YYYY-MM (default: its source's date), to read 去年, 今年1-8月 and the like.",
    ),
    "draft.json": T("以 JSON 写出草稿,而非 TOML。", "Write the drafts as JSON instead of TOML."),
    "draft.out": T(
        "写入新文件 FILE,而非标准输出;不覆盖已有文件。",
        "Write to a new FILE instead of stdout; an existing file is never replaced.",
    ),
    "draft.accept": T(
        "校验 FILE 中审阅过的草稿,并将其转为记录。",
        "Check the reviewed drafts in FILE and turn them into records.",
    ),
    "draft.lang": T(
        "消息的语言:zh 或 en。默认:$QT_LANG,否则中文。",
        "Language of messages: zh or en. Default: $QT_LANG, else Chinese.",
    ),
    "schema.command": T(
        "命令名(或 error);省略则输出全部。", "A command (or 'error'); all of them when left out."
    ),
    "json": T(
        "输出稳定的 JSON(结构见 qt schema),而非表格。",
        "Write stable JSON (its shape: qt schema) instead of a table.",
    ),
    "lang": T(
        "显示、消息与帮助的语言:zh 或 en。默认:$QT_LANG,否则中文(附英文名)。",
        "Language of labels, names, number words, messages and help: zh or en. Default: $QT_LANG, else Chinese (with English names).",
    ),
    "ask.lang": T(
        "作答与消息的语言:zh 或 en。默认:$QT_LANG,否则与问题相同。",
        "Language of the answer and messages: zh or en. Default: $QT_LANG, else the question's.",
    ),
    "check.lang": T(
        "消息与摘要的语言:zh 或 en。默认:$QT_LANG,否则中文。",
        "Language of messages and the summary: zh or en. Default: $QT_LANG, else Chinese.",
    ),
    "export.lang": T(
        "消息的语言:zh 或 en。默认:$QT_LANG,否则中文。",
        "Language of messages: zh or en. Default: $QT_LANG, else Chinese.",
    ),
    "schema.lang": T(
        "消息的语言:zh 或 en。默认:$QT_LANG,否则中文。",
        "Language of messages: zh or en. Default: $QT_LANG, else Chinese.",
    ),
    "export.json": T(
        "出错时也在标准输出写出 JSON 错误对象。",
        "On failure, also write the JSON error object on stdout.",
    ),
    "schema.json": T(
        "输出本来就是 JSON;为与其他命令一致而接受。",
        "The output is JSON anyway; accepted as on every command.",
    ),
    "schema.facts": T(
        "结构与事实库无关;为与其他命令一致而接受。",
        "The shapes do not depend on the fact base; accepted as on every command.",
    ),
    "facts": T(
        "使用 DIR 中的事实库(结构相同)。默认:$QT_FACTS,否则随附的事实库。",
        "Use the fact base in DIR (same schema). Default: $QT_FACTS, else the shipped one.",
    ),
    "cite": T(
        "附上每个来源的参考文献格式:gbt7714(GB/T 7714-2015)或 apa(APA 7)。",
        "Add the formatted reference of each source: gbt7714 (GB/T 7714-2015) or apa (APA 7).",
    ),
    "year": T("只要该年的数据(1949–2100)。", "Only figures for this year (1949–2100)."),
    "metric.region": T(
        "只要该地及其所辖的数据(地区、园区或企业)。",
        "Only figures for this place and what lies in it (a region, park or company).",
    ),
    "region": T("只要位于该地区(或地点)的记录。", "Only those in this region (or place)."),
    "park": T("只要位于该园区或平台的记录。", "Only those in this park or platform."),
    "sector": T(
        "只要该行业的企业,或以之为主导产业的园区(取其中的词)。",
        "Only companies of this sector, or parks with this focus industry (a word of it).",
    ),
    "kind": T("只要这一类结果;可重复以要多类。", "Only results of this kind; repeat for several."),
    "limit": T("最多这么多条结果。", "At most this many results."),
    "sources": T(
        "同时对照 DIR 中的文章原文逐字核对每条引文。",
        "Also prove every quote verbatim against the article texts in DIR.",
    ),
    "coverage": T(
        "与 --sources 同用:列出文章中没有引文覆盖的每个数字。",
        "With --sources: list every number in the articles that no quote covers.",
    ),
    "format": T(
        "csv、jsonl 或 sqlite。默认:按 OUT 的名称。",
        "csv, jsonl or sqlite. Default: from OUT's name.",
    ),
    "force": T(
        "替换已有的文件,或存放以前导出的文件夹。",
        "Replace an existing file, or a folder holding an export.",
    ),
    "excel": T(
        "CSV 带字节顺序标记,供 Windows 上的 Excel 使用。",
        "CSV with a byte-order mark, for Excel on Windows.",
    ),
    "color": T(
        "颜色:auto(在终端上着色,除非设置了 NO_COLOR;FORCE_COLOR 视同 always)、always 或 never。表格始终保留。",
        "Colour: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR acts as always), always, or never. Tables stay either way.",
    ),
    "no_pager": T(
        "直接写到终端;默认情况下,高于屏幕的输出交给 $QT_PAGER、$PAGER 或 less。",
        "Write straight to the terminal; by default output taller than it goes to $QT_PAGER, $PAGER or less.",
    ),
    "all": T("每一部分的每一行,在终端上也是。", "Every row of every section, on a terminal too."),
    "section": T(
        "只要这一部分,全部行:facts、figures 或 members。",
        "Only this section, every row of it: facts, figures or members.",
    ),
    **{
        f"{kind}.limit": T(
            "每部分最多 N 行(终端默认显示 5 行,除非给出 --all 或 --section;管道输出全部)。",
            "At most N rows of each section (a terminal shows 5 unless --all or --section; a pipe all).",
        )
        for kind in ("company", "park", "region", "org")
    },
    "version": T("显示工具与事实库的版本。", "Show the tool's and the fact base's version."),
    "install_completion": T("为当前 shell 安装补全。", "Install completion for the current shell."),
    "show_completion": T(
        "显示当前 shell 的补全脚本,以便复制或自定义安装。",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
    "help": T("显示本帮助并退出。", "Show this message and exit."),
}

WORDS: dict[str, Text] = {
    "usage": T("用法:", "Usage:"),
    "options": T("选项", "Options"),
    "OPTIONS": T("[选项]", "[OPTIONS]"),
    "arguments": T("参数", "Arguments"),
    "commands": T("命令", "Commands"),
    "COMMAND": T("命令 [参数]...", "COMMAND [ARGS]..."),
    "examples": T("示例", "Examples"),
    "exit_codes": T("退出码", "Exit codes"),
    "required": T("必填", "required"),
    "default": T("默认", "default"),
    "optional": T("可省略", "optional"),
}


def param_help(command: str, name: str, lang: str) -> str:
    """An argument's or option's help in `lang`: the command's own, else the shared one."""
    text = PARAMS.get(f"{command}.{name}") or PARAMS.get(name)
    return text.get(lang) if text else ""


def english(command: str, name: str) -> str:
    """The English help of a parameter, for the Typer app's declarations."""
    return param_help(command, name, "en")


def word(key: str, lang: str) -> str:
    return WORDS[key].get(lang)


# --------------------------------------------------------------------------- layout
Row = tuple[str, str]


def render(
    lang: str,
    width: int,
    usage: str,
    page: Page,
    arguments: Sequence[Row] = (),
    options: Sequence[Row] = (),
    commands: Sequence[Row] = (),
) -> str:
    """A help page as text: usage, what it does, examples, arguments, options, commands,
    exit codes; `width` in terminal columns, a Chinese character counting two."""
    out = [f"{word('usage', lang)} {usage}", ""]
    out += wrap(page.summary.get(lang), width, "  ")
    if page.body is not None:
        out += ["", *wrap(page.body.get(lang), width, "  ")]
    out += ["", f"{word('examples', lang)}:"]
    for command, note in page.examples:
        out += wrap(command, width, "  ") + wrap(note.get(lang), width, "      ")
    for heading, rows in (("arguments", arguments), ("options", options), ("commands", commands)):
        if rows:
            out += ["", f"{word(heading, lang)}:", *_table(rows, width)]
    codes = [
        (str(int(code)), (meaning or EXIT_MEANINGS[code]).get(lang)) for code, meaning in page.codes
    ]
    out += ["", f"{word('exit_codes', lang)}:", *_table(codes, width)]
    return "\n".join(out) + "\n"


def _table(rows: Sequence[Row], width: int) -> list[str]:
    """Two columns: the first as wide as its widest cell of at most 26 columns (a wider one
    stands on a line of its own), the second folded."""
    left = max((display_width(a) for a, _ in rows if display_width(a) <= 26), default=26)
    lines: list[str] = []
    for first, second in rows:
        indent = " " * (2 + left + 2)
        folded = wrap(second, width, indent) or [indent]
        if display_width(first) > left:
            lines += [f"  {first}", *folded]
        else:
            pad = " " * (left - display_width(first))
            lines += [f"  {first}{pad}  {folded[0].lstrip()}", *folded[1:]]
    return lines


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pieces(text: str) -> list[str]:
    """What may not be broken: a Latin word with what sticks to it (an id, a number with its
    unit, a command line's option) stays whole; each Chinese character stands alone, but
    punctuation after it goes with it, so that no line starts with ',' or ')'."""
    pieces: list[str] = []
    for token in text.split(" "):
        run = ""
        for ch in token:
            closing = unicodedata.category(ch) in ("Po", "Pe", "Pf") and ch not in "“‘"
            if closing and not run and pieces and pieces[-1] != " ":
                pieces[-1] += ch  # ',' ')' '。' after a Chinese character
            elif display_width(ch) == 2:
                if run:
                    pieces.append(run)
                    run = ""
                pieces.append(ch)
            else:
                run += ch
        pieces.append(run + " ")
    return pieces


def wrap(text: str, width: int, indent: str) -> list[str]:
    """Lines of at most `width` columns (a piece longer than a line has one to itself)."""
    lines: list[str] = []
    line = indent
    for piece in _pieces(text):
        if piece == " ":
            if line.strip():
                line += " "
            continue
        fits = display_width(line + piece.rstrip(" ")) <= width
        if not fits and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines
