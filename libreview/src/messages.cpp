// The message catalogue: every data diagnostic in Chinese and English under a stable code.
#include "libreview/messages.hpp"

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <cstdlib>

namespace review {

namespace {

// Codes are stable: a message that goes away leaves its code unused, a new one takes the next.
constexpr std::array kCatalogue{
    // The classes of failure (ErrorCode): the code of an error no entry below names more precisely.
    MessageEntry{"LR-E001", "invalid data", "数据有误", "correct the data as the diagnostics say",
                 "按各条提示改正数据"},
    MessageEntry{"LR-E002", "not found", "未找到", "check the name or path", "检查名称或路径"},
    MessageEntry{"LR-E003", "i/o error", "读写错误", "check the file, its folder and the disk",
                 "检查文件、所在目录和磁盘"},
    MessageEntry{"LR-E004", "plugin error", "插件错误", "check LIBREVIEW_PLUGIN_PATH and the plugin",
                 "检查 LIBREVIEW_PLUGIN_PATH 和插件文件"},
    MessageEntry{"LR-E005", "store error", "数据库错误", "check the store file", "检查数据库文件"},
    MessageEntry{"LR-E006", "report error", "报表错误", "check the output folder and the template",
                 "检查输出目录和模板"},
    MessageEntry{"LR-E007", "usage error", "用法错误", "run with --help for the usage", "加 --help 查看用法"},
    MessageEntry{"LR-E008", "internal error (please report it)", "内部错误（请报告）",
                 "report it with the command and data", "请连同命令和数据一并报告"},
    // Region profiles (地区方案).
    MessageEntry{"LR-P101", "profile '{}': parameter '{}' is not a number", "地区方案“{}”：参数“{}”不是数字",
                 "write the parameter as a number", "参数写作数字"},
    MessageEntry{"LR-P102", "profile '{}': parameter '{}' is not set", "地区方案“{}”：参数“{}”未设置",
                 "set the parameter in the profile or in `default`", "在该方案或 default 方案中设置该参数"},
    MessageEntry{"LR-P103", "profile '{}': parameter '{}' is not a string", "地区方案“{}”：参数“{}”不是文字",
                 "put the value in quotes", "取值加上引号"},
    MessageEntry{"LR-P104", "profile '{}': parameter '{}' is not true or false",
                 "地区方案“{}”：参数“{}”不是 true 或 false", "write true or false", "写作 true 或 false"},
    MessageEntry{"LR-P105", "no region profile '{}' (known: {})", "没有地区方案“{}”（已有：{}）",
                 "use one of the profiles listed (libreview profiles)",
                 "使用已列出的方案（libreview profiles）"},
    MessageEntry{"LR-P106", "no region profile file '{}'", "没有地区方案文件“{}”", "check the file's path",
                 "检查文件路径"},
    MessageEntry{"LR-P107", "`from` must be a date like \"2018-01-01\"", "`from` 须为日期，如 \"2018-01-01\"",
                 "write the date in quotes, year first", "日期加引号，年份在前"},
    MessageEntry{"LR-P108", "a dated value needs `value`", "带日期的取值须有 `value`", "add value = ...",
                 "补上 value = ..."},
    MessageEntry{"LR-P109", "a dated value cannot itself be dated", "带日期的取值不能再带日期",
                 "give value a plain value", "value 写普通取值"},
    MessageEntry{"LR-P110", "expected [[stages]] tables of id, name, start and end",
                 "应为 [[stages]] 表（id、name、start、end）", "write each stage as [[stages]]",
                 "每个阶段写作 [[stages]]"},
    MessageEntry{"LR-P111", "unknown key in a stage (id, name, start, end)",
                 "阶段中有未知的键（可用 id、name、start、end）", "remove or correct the key",
                 "删去或改正该键"},
    MessageEntry{"LR-P112", "a stage needs id, start and end", "阶段须有 id、start 和 end",
                 "add the missing keys", "补上缺少的键"},
    MessageEntry{"LR-P113", "a profile needs an id", "地区方案须有 id", "add id = \"...\"",
                 "补上 id = \"...\""},
    MessageEntry{"LR-P114", "a profile needs a name", "地区方案须有 name", "add name = \"...\"",
                 "补上 name = \"...\""},
    MessageEntry{"LR-P115", "`default` inherits from nothing", "`default` 方案不继承其他方案",
                 "remove inherits", "删去 inherits"},
    MessageEntry{"LR-P116", "a profile other than `default` names the profile it inherits",
                 "除 `default` 外的方案须写明所继承的方案", "add inherits = \"default\" (or another profile)",
                 "补上 inherits = \"default\"（或其他方案）"},
    MessageEntry{"LR-P117", "the lineage must end at `default`", "继承链须止于 `default`",
                 "make the last profile inherit from default", "使继承链最后一个方案继承 default"},
    MessageEntry{"LR-P118", "`default` must name its scoring rule", "`default` 方案须写明计分规则",
                 "add scoring_rule = \"default\"", "补上 scoring_rule = \"default\""},
    // Plugins (插件): the refusal of a plugin asked for, in parts.
    MessageEntry{"LR-G101", "no {} plugin '{}'", "没有 {} 插件“{}”", "use a plugin `libreview plugins` lists",
                 "使用 `libreview plugins` 列出的插件"},
    MessageEntry{"LR-G102", "; {} was refused: {}", "；{} 被拒绝加载：{}",
                 "rebuild or replace the plugin file", "重新编译或替换该插件文件"},
    MessageEntry{"LR-G103", "; none are installed", "；未安装任何此类插件", "install the plugins",
                 "安装插件"},
    MessageEntry{"LR-G104", "; available: {}", "；可用：{}", "use one of those", "使用其中之一"},
    MessageEntry{"LR-G105", " (plugin loading is disabled or no folder exists)",
                 "（插件加载已关闭或插件目录不存在）", "check LIBREVIEW_PLUGIN_PATH",
                 "检查 LIBREVIEW_PLUGIN_PATH"},
    MessageEntry{"LR-G106", " (searched {})", "（已查找 {}）", "put the plugin in that folder",
                 "将插件放入该目录"},
    MessageEntry{"LR-G107", " (searched {} and others)", "（已查找 {} 等目录）",
                 "put the plugin in one of the folders of LIBREVIEW_PLUGIN_PATH",
                 "将插件放入 LIBREVIEW_PLUGIN_PATH 中的某个目录"},
    // The command line's usage errors (CLI11's detail follows).
    MessageEntry{"LR-R101", "report option is not KEY=VALUE: '{}'", "报表选项不是“键=值”的形式：“{}”",
                 "write the option as key=value, e.g. layout=plain", "写作 键=值，如 layout=plain"},
    MessageEntry{"LR-R102", "unknown report option {}={}: no format of {} reads it (allowed: {})",
                 "未知的报表选项 {}={}：{} 格式都不使用它（可用：{}）",
                 "use an option `libreview plugins --options` lists",
                 "使用 `libreview plugins --options` 列出的选项"},
    MessageEntry{"LR-R103",
                 "report option {}={} ({}): not true or false (allowed: true, false, yes, no, 1, 0, 是, 否)",
                 "报表选项 {}={}（{}）：不是“是/否”（可填 true、false、yes、no、1、0、是、否）",
                 "write 是 or 否", "填写 是 或 否"},
    MessageEntry{"LR-R104",
                 "report option {}={} ({}): not a date (allowed: YYYY-MM-DD, YYYY/M/D, YYYY年M月D日)",
                 "报表选项 {}={}（{}）：不是日期（可写作 YYYY-MM-DD、YYYY/M/D、YYYY年M月D日）",
                 "write the date as 2018-01-15", "日期写作 2018-01-15"},
    MessageEntry{"LR-R105", "report option {}={} ({}): no such file", "报表选项 {}={}（{}）：文件不存在",
                 "give the path of an existing file", "给出已有文件的路径"},
    MessageEntry{"LR-R106", "report option {}={} ({}): empty (allowed: {})",
                 "报表选项 {}={}（{}）：为空（可选：{}）", "give one of the values", "填写其中一个取值"},
    MessageEntry{"LR-R107", "report option {}={} ({}): '{}' is not allowed (allowed: {}{})",
                 "报表选项 {}={}（{}）：“{}”不在可选值之内（可选：{}{}）", "give one of the values",
                 "填写其中一个取值"},
    MessageEntry{"LR-R108", "; several, comma-separated", "；可填多个，以逗号分隔",
                 "separate values with commas", "多个取值以逗号分隔"},
    MessageEntry{"LR-R109", "nothing was written to {}", "未能写出 {}",
                 "check the disk space and the folder's permissions", "检查磁盘空间和文件夹权限"},
    MessageEntry{"LR-R110", "cannot rename {} to {}: {}", "无法将 {} 改名为 {}：{}",
                 "close the file if Excel or WPS has it open, and check the folder's permissions",
                 "若该文件已在 Excel 或 WPS 中打开，请先关闭；并检查文件夹权限"},
    MessageEntry{"LR-R111", "cannot flush {} to disk", "无法把 {} 写入磁盘", "check the disk", "检查磁盘"},
    MessageEntry{"LR-R112", "cannot create the output folder {}: {}", "无法创建输出文件夹 {}：{}",
                 "choose a folder you may write to", "改用有写入权限的文件夹"},
    MessageEntry{"LR-R113",
                 "the bundled sample county is not installed (looked in {}); set LIBREVIEW_SAMPLE_DIR",
                 "未安装自带的示例县数据（已查找 {}）；请设置 LIBREVIEW_SAMPLE_DIR",
                 "reinstall libreview, or set LIBREVIEW_SAMPLE_DIR",
                 "重新安装 libreview，或设置 LIBREVIEW_SAMPLE_DIR"},
    MessageEntry{"LR-R114", "LIBREVIEW_SAMPLE_DIR={} is not a folder", "LIBREVIEW_SAMPLE_DIR={} 不是文件夹",
                 "point it at the sample's folder", "将其指向示例数据文件夹"},
    MessageEntry{"LR-R115", "{}: no department participates: there is nothing to print on a ballot",
                 "{}：没有参评部门，测评表上无可印制的内容",
                 "mark the departments under appraisal 参评 in departments.csv",
                 "在部门表中把参评的部门状态写为“参评”"},
    MessageEntry{"LR-R116", "cannot write {}", "无法写入 {}",
                 "check the folder exists and is writable, and the disk has room",
                 "检查输出文件夹是否存在、可写，磁盘是否已满"},
    MessageEntry{"LR-R117", "the entry workbook, sheet {}: {} failed ({})",
                 "数据录入表的“{}”表：{}失败（{}）",
                 "report it with the libxlsxwriter message; nothing was written",
                 "请连同 libxlsxwriter 的提示报告此问题；本次未写出任何文件"},
    MessageEntry{"LR-E009", "{} problem(s); first: {}", "共 {} 处问题；第一处：{}",
                 "correct the data as the diagnostics say", "按各条提示改正数据"},
    MessageEntry{"LR-E010", "{} problem(s): {}", "共 {} 处问题：{}", "correct the data as the message says",
                 "按提示改正数据"},
    MessageEntry{"LR-S101", "cannot open store {}: {}", "无法打开数据库 {}：{}",
                 "check the store file or the server's address, user and password",
                 "检查数据库文件，或服务器的地址、用户名和密码"},
    MessageEntry{"LR-S102", "{}: no cycle of region '{}' and year {}", "{}：没有地区“{}”{}年度的评议数据",
                 "import that year first (libreview import), or check the region and year",
                 "先导入该年度数据（libreview import），或检查地区和年度"},
    MessageEntry{"LR-S103", "{}: cannot save {} {}: {}", "{}：无法保存 {} {} 年度的数据：{}",
                 "check the disk or the server; nothing was saved", "检查磁盘或服务器；本次未保存任何数据"},
    MessageEntry{"LR-S104", "the store has schema version {}, newer than this libreview knows ({})",
                 "数据库结构版本为 {}，高于本版 libreview 支持的版本（{}）", "upgrade libreview",
                 "升级 libreview"},
    MessageEntry{"LR-S105", "{}: cannot save the package of {} {}: {}",
                 "{}：无法保存 {} {} 年度的上报数据包：{}", "check the disk or the server; nothing was saved",
                 "检查磁盘或服务器；本次未保存任何数据"},
    MessageEntry{"LR-U101", "unexpected argument", "多余的参数", "remove it, or see --help",
                 "删去该参数，或查看 --help"},
    MessageEntry{"LR-U102", "a required option or argument is missing", "缺少必需的选项或参数",
                 "give it, see --help", "补上该选项或参数，参见 --help"},
    MessageEntry{"LR-U103", "wrong number of values", "取值个数不对", "give as many values as --help says",
                 "按 --help 所示给出取值"},
    MessageEntry{"LR-U104", "value of the wrong type", "取值类型不对", "give a value of the type --help says",
                 "按 --help 所示类型给出取值"},
    MessageEntry{"LR-U105", "value not allowed", "取值不被允许", "use one of the values --help lists",
                 "使用 --help 列出的取值之一"},
    MessageEntry{"LR-U106", "options that exclude each other", "互相排斥的选项", "give only one of them",
                 "只给出其中一个"},
    MessageEntry{"LR-U107", "an option needs another", "选项需要另一个选项", "add the option it needs",
                 "补上所需的选项"},
    // Data diagnostics (docs/data-format.md).
    MessageEntry{"LR-D101", "missing required file", "缺少必需的文件", "add the file to the cycle folder",
                 "在年度数据文件夹中补上该文件"},
    MessageEntry{"LR-D102", "missing required sheet", "缺少必需的工作表", "add the sheet to the workbook",
                 "在工作簿中补上该工作表"},
    MessageEntry{"LR-D103", "missing required column", "缺少必需的列", "add the column to the header row",
                 "在表头行补上该列"},
    MessageEntry{"LR-D104", "missing header row", "缺少表头行", "put the column names in the first row",
                 "第一行写各列的列名"},
    MessageEntry{"LR-D105", "column given twice", "同一列出现两次", "keep one of the two columns",
                 "两列只保留一列"},
    MessageEntry{"LR-D106", "more fields than in the header", "字段数多于表头",
                 "remove the extra cells or add a header", "删去多出的单元格，或为其补上列名"},
    MessageEntry{"LR-D107", "file is neither UTF-8 nor GB18030", "文件编码既不是 UTF-8 也不是 GB18030",
                 "save the file as UTF-8 (or GB18030)", "将文件另存为 UTF-8（或 GB18030）编码"},
    MessageEntry{"LR-D108", "missing value", "缺少取值", "fill in the cell", "填写该单元格"},
    MessageEntry{"LR-D109", "id used twice in this file", "同一编号在本文件中用了两次",
                 "give each row its own id", "每行使用不同的编号"},
    MessageEntry{"LR-D110", "unknown department id", "部门编号不存在", "use an id from departments.csv",
                 "使用 departments.csv 中已有的部门编号"},
    MessageEntry{"LR-D111", "unknown representative id", "评议代表编号不存在",
                 "use an id from representatives.csv", "使用 representatives.csv 中已有的代表编号"},
    MessageEntry{"LR-D112", "department is exempt", "该部门免于评议",
                 "remove the row, or clear the exempt mark", "删去该行，或取消该部门的免评标记"},
    MessageEntry{"LR-D113", "second ballot from this representative for this department",
                 "同一代表对同一部门投了第二张票", "keep one ballot per representative and department",
                 "每位代表对每个部门只保留一张票"},
    MessageEntry{"LR-D114", "second answer of this questionnaire response for this department",
                 "同一份问卷对同一部门作答两次", "keep one answer per response and department",
                 "每份问卷对每个部门只保留一个回答"},
    MessageEntry{"LR-D115", "respondent group differs from an earlier row of this response",
                 "受访群体与本问卷前面的行不一致", "give every row of a response the same group",
                 "同一份问卷的各行填写相同的受访群体"},
    MessageEntry{"LR-D116", "second row for this department", "同一部门出现第二行",
                 "keep one row per department", "每个部门只保留一行"},
    MessageEntry{"LR-D117", "score outside 0-100", "分数不在 0-100 之间", "write a score from 0 to 100",
                 "填写 0 到 100 之间的分数"},
    MessageEntry{"LR-D118", "unreadable number", "无法识别的数字", "write a number such as 92.5",
                 "填写数字，如 92.5"},
    MessageEntry{"LR-D119", "not a date", "不是日期", "write the date as YYYY-MM-DD", "日期写作 YYYY-MM-DD"},
    MessageEntry{"LR-D120", "not a boolean", "不是是/否值", "write yes/no (是/否) or true/false",
                 "填写 是/否（或 yes/no、true/false）"},
    MessageEntry{"LR-D121", "not valid TOML", "不是有效的 TOML", "correct the syntax of cycle.toml",
                 "改正 cycle.toml 的语法"},
    MessageEntry{"LR-D122", "missing required key", "缺少必需的键", "add the key to cycle.toml",
                 "在 cycle.toml 中补上该键"},
    MessageEntry{"LR-D123", "year is not a whole number", "年度不是整数", "write the year as e.g. 2025",
                 "年度写作整数，如 2025"},
    MessageEntry{"LR-D124", "not a text value", "不是文本值", "put the value in quotes", "取值加上引号"},
    MessageEntry{"LR-D125", "stage is not a table", "阶段不是表", "write the stage as [stages.NAME]",
                 "阶段写作 [stages.名称]"},
    MessageEntry{"LR-D126", "columns of different lengths", "各列长度不一致",
                 "give every column the same length", "各列长度保持一致"},
    MessageEntry{"LR-D127", "two files for one table", "同一张表有两个文件", "keep one of the two files",
                 "两个文件只保留一个"},
    MessageEntry{"LR-D128", "ratings given both as rows and as sheets", "评价既按行又按票单给出",
                 "keep either the rows or the sheets", "行式和票单式只保留一种"},
    MessageEntry{"LR-D129", "sheet number used twice in this file", "同一票号在本文件中用了两次",
                 "give each sheet its own number", "每张票使用不同的票号"},
    MessageEntry{"LR-D130", "column names no department (neither an id nor a name)",
                 "该列没有对应的部门（既不是部门编号也不是部门名称）",
                 "head the column with a department's id or name", "列名写部门编号或部门名称"},
    MessageEntry{"LR-D131", "department given twice in the header", "表头中同一部门出现两次",
                 "keep one column per department", "每个部门只保留一列"},
    MessageEntry{"LR-D132", "column names an exempt department", "该列对应免于评议的部门",
                 "remove the column, or clear the exempt mark", "删去该列，或取消该部门的免评标记"},
    MessageEntry{"LR-D133",
                 "not a rating (satisfied/满意 or 1, basic/基本满意 or 2, dissatisfied/不满意 or 3, "
                 "unknown/不了解 or 4)",
                 "不是评价等次（满意或 1、基本满意或 2、不满意或 3、不了解或 4）",
                 "write one of the four ratings", "填写四个评价等次之一"},
    MessageEntry{"LR-D134", "ambiguous date: write YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日",
                 "日期有歧义：请写作 YYYY-MM-DD、YYYY/M/D、YYYY.M.D 或 YYYY年M月D日", "write the year first",
                 "年份写在最前"},
    MessageEntry{"LR-D135", "issued is not a whole number", "发放数不是整数",
                 "write the number of sheets issued", "填写发放的份数"},
    MessageEntry{"LR-D136", "more returned than issued", "收回数多于发放数", "correct issued or returned",
                 "改正发放数或收回数"},
    MessageEntry{"LR-D137", "rating not in the list", "评价不在可选值之内",
                 "write 满意, 基本满意, 不满意 or 不了解 (or satisfied, basic, dissatisfied, unknown)",
                 "填写 满意、基本满意、不满意 或 不了解"},
    MessageEntry{"LR-D138", "{} not in the list", "{}不在可选值之内",
                 "write one of the values the column allows", "填写该列允许的取值之一"},
    MessageEntry{"LR-D139", "unknown department index", "部门序号不存在", "use a department's index",
                 "使用已有部门的序号"},
    MessageEntry{"LR-D140", "unknown representative index", "代表序号不存在", "use a representative's index",
                 "使用已有代表的序号"},
    MessageEntry{"LR-D141", "unknown respondent group code", "受访群体代码不存在", "use a listed group code",
                 "使用已列出的群体代码"},
    MessageEntry{"LR-D142", "response number is negative", "问卷序号为负数", "number responses from 0",
                 "问卷序号从 0 起编"},
    MessageEntry{"LR-D143", "unterminated quoted field", "引号未闭合的字段", "close the quote",
                 "补上结尾的引号"},
    MessageEntry{"LR-D144", "text after a closing quote", "结尾引号后还有文字",
                 "put the whole field in the quotes", "将整个字段放在引号内"},
    MessageEntry{"LR-D145", "not a table of the spec", "不是规定的数据表", "use the table names of the spec",
                 "使用规定的表名"},
    MessageEntry{"LR-D146", "missing required table", "缺少必需的数据表", "give the table", "补上该数据表"},
    MessageEntry{"LR-D147", "field longer than {} bytes; the rest of the file is not read",
                 "字段超过 {} 字节，文件其余部分未读取", "split the text or check the file is a CSV table",
                 "拆分过长的文字，或检查文件是否为 CSV 表格"},
    MessageEntry{"LR-D148", "record of more than {} fields; the rest of the file is not read",
                 "一行超过 {} 个字段，文件其余部分未读取", "check the file is a CSV table of the spec",
                 "检查文件是否为规定格式的 CSV 表格"},
    MessageEntry{"LR-D149", "no such rectification item in the stored cycle",
                 "数据库中该年度没有这一整改事项", "use an item id (整改编号) of that year's rectifications",
                 "使用该年度整改台账中的整改编号"},
    MessageEntry{"LR-D150", "status goes back without a note", "状态倒退但未写明情况",
                 "say in note (情况) why the item went back, or correct the status",
                 "在“情况”中写明事项退回的原因，或改正状态"},
    MessageEntry{"LR-D151", "the same item and date given twice", "同一整改事项同一日期出现两次",
                 "keep one line per item and date", "每个整改事项每个日期只保留一行"},
    MessageEntry{"LR-D152", "item and date already recorded with another status or note",
                 "该整改事项该日期已登记了不同的进展", "correct the line, or the date if it is a new visit",
                 "改正该行；若是另一次督查，改正日期"},
    MessageEntry{"LR-D153", "{}: cell {} of sheet '{}' holds a formula without a cached value",
                 "{}：单元格 {}（工作表“{}”）是公式，但没有保存计算结果",
                 "open the workbook in Excel, WPS or LibreOffice and save it again, or type the value",
                 "用 Excel、WPS 或 LibreOffice 打开该工作簿重新保存，或直接填入数值"},
};

Language initial_language() noexcept { return language_from_environment(); }

std::atomic<Language>& current() noexcept {
  static std::atomic<Language> lang{initial_language()};
  return lang;
}

}  // namespace

Language language() noexcept { return current().load(std::memory_order_relaxed); }
void set_language(Language lang) noexcept { current().store(lang, std::memory_order_relaxed); }

Language language_from_environment() noexcept {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0')
      return std::string_view(v).starts_with("zh") ? Language::zh : Language::en;
  }
  return Language::en;
}

std::optional<Language> parse_language(std::string_view text) noexcept {
  if (text == "zh") return Language::zh;
  if (text == "en") return Language::en;
  return std::nullopt;
}

std::span<const MessageEntry> catalogue() noexcept { return kCatalogue; }

const MessageEntry* find_message(std::string_view code) noexcept {
  for (const auto& e : kCatalogue)
    if (e.code == code) return &e;
  return nullptr;
}

const MessageEntry* find_message_by_text(std::string_view en) noexcept {
  for (const auto& e : kCatalogue)
    if (e.en == en) return &e;
  return nullptr;
}

std::string message_text(const MessageEntry& entry, std::string_view arg) {
  const auto text = entry.text(language());
  if (text.find("{}") == std::string_view::npos) return std::string(text);
  return fmt::format(fmt::runtime(text), arg);
}

std::string message_table_markdown() {
  std::string out =
      "| 代码 Code | 提示 | Message | 修改方法 | Fix |\n"
      "|---|---|---|---|---|\n";
  for (const auto& e : kCatalogue)
    out += fmt::format("| {} | {} | {} | {} | {} |\n", e.code, e.zh, e.en, e.fix_zh, e.fix_en);
  return out;
}

}  // namespace review
