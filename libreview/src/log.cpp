#include "libreview/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"
#include "log_internal.hpp"

namespace review::log {
namespace {

class CallbackSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit CallbackSink(Callback cb) : cb_(std::move(cb)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    cb_(std::string_view(msg.logger_name.data(), msg.logger_name.size()), static_cast<Level>(msg.level),
        std::string_view(msg.payload.data(), msg.payload.size()));
  }
  void flush_() override {}

 private:
  Callback cb_;
};

/// `%*`: the level in the language of messages (警告, 错误, …), then ": " (Chinese: "：").
class LevelSaid final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm& /*unused*/,
              spdlog::memory_buf_t& dest) override {
    static constexpr std::string_view kCodes[] = {"LR-W115", "LR-W116", "LR-W117",
                                                  "LR-W118", "LR-W119", "LR-W120"};
    const auto i = static_cast<std::size_t>(msg.level);
    const std::string text = (i < std::size(kCodes) ? review::message(kCodes[i]) : std::string("off")) +
                             (language() == Language::zh ? "：" : ": ");
    dest.append(text.data(), text.data() + text.size());
  }
  [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<LevelSaid>();
  }
};

struct State {
  std::mutex mutex;
  std::shared_ptr<spdlog::sinks::dist_sink_mt> sink = std::make_shared<spdlog::sinks::dist_sink_mt>();
  std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;
  Level level = Level::warn;

  State() {
    sink->add_sink(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    if (const char* env = std::getenv("LIBREVIEW_LOG"); env != nullptr && *env != '\0') {
      try {
        level = parse_level(env);
      } catch (const Error&) {
        level = Level::warn;
      }
    }
  }
};

State& state() {
  static State s;  // NOLINT: process-wide logging state
  return s;
}

}  // namespace

Level parse_level(std::string_view text) {
  static const std::pair<std::string_view, Level> names[] = {
      {"trace", Level::trace},  {"debug", Level::debug}, {"info", Level::info},         {"warn", Level::warn},
      {"warning", Level::warn}, {"error", Level::error}, {"critical", Level::critical}, {"off", Level::off}};
  for (const auto& [name, lvl] : names)
    if (name == text) return lvl;
  refuse<UsageError>("LR-U110", text);
}

std::shared_ptr<spdlog::logger> get(std::string_view area) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  std::string name = "review." + std::string(area);
  if (auto it = s.loggers.find(name); it != s.loggers.end()) return it->second;
  auto logger = std::make_shared<spdlog::logger>(name, s.sink);
  logger->set_level(static_cast<spdlog::level::level_enum>(s.level));
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<LevelSaid>('*').set_pattern("%n: %*%v");
  logger->set_formatter(std::move(formatter));
  s.loggers.emplace(name, logger);
  return logger;
}

void set_level(Level lvl) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  s.level = lvl;
  for (auto& [_, logger] : s.loggers) logger->set_level(static_cast<spdlog::level::level_enum>(lvl));
}

Level level() {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  return s.level;
}

void set_callback(Callback callback) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  if (callback) {
    s.sink->set_sinks({std::make_shared<CallbackSink>(std::move(callback))});
  } else {
    s.sink->set_sinks({std::make_shared<spdlog::sinks::stderr_color_sink_mt>()});
  }
}

void write(std::string_view area, Level lvl, std::string_view message) {
  get(area)->log(static_cast<spdlog::level::level_enum>(lvl), "{}", message);
}

}  // namespace review::log
