#pragma once
/// @file libreview.hpp
/// The whole public C++ API of libreview (民主评议行风) in one include, for
/// programs that embed the library: `#include <libreview/libreview.hpp>` and link
/// `review::core`. Each area also has its own header, listed here.
///
/// Not included: `plugin_author.hpp` (for plugin authors; needs Boost.DLL's
/// headers) and `review.h` (the C API, target `review::c`).

#include "libreview/anonymity.hpp"  // AnonymousView: breakdowns with small cells suppressed (匿名保护)
#include "libreview/column.hpp"     // Column<T>: the columns ratings are stored in
#include "libreview/cycle.hpp"      // the review-cycle domain (评议周期)
#include "libreview/error.hpp"      // the error classes and ErrorCode (错误)
#include "libreview/export.hpp"     // REVIEW_API
#include "libreview/ingest.hpp"     // import and validation of a cycle's data (导入与校验)
#include "libreview/log.hpp"        // logging levels (日志)
#include "libreview/pipeline.hpp"   // score_cycle and the results checks (评分流程)
#include "libreview/reconcile.hpp"  // double-entry verification of two keyings (双录入核对)
#include "libreview/plugin.hpp"     // the plugin registry (插件)
#include "libreview/region.hpp"     // region profiles (地区方案)
#include "libreview/report.hpp"     // report writers and their options (报表)
#include "libreview/report_util.hpp"  // rounding, atomic files, text helpers for reports
#include "libreview/scoring.hpp"    // scoring rules and results (计分)
#include "libreview/scoring_kit.hpp"  // the shared steps of every rule (计分工具)
#include "libreview/session.hpp"    // load, score, save, write: the one path of every front-end (评分会话)
#include "libreview/store.hpp"      // the store (评议数据库)
#include "libreview/version.hpp"    // version and plugin ABI
#include "libreview/vocabulary.hpp"  // the words of every output: flags, grades, components (词汇)
