// A thin RAII layer over the SQLite C API: a connection and prepared statements whose errors
// come back as Status values (SQLite's own message plus what was being done).
//
// Not thread-safe: the owner serialises every use of one SqliteDb and its statements.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace growloop {

class SqliteStatement {
 public:
  SqliteStatement() = default;
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are numbered from 1, as in SQLite. Text is copied by SQLite.
  void BindInt(int index, int64_t value);
  void BindText(int index, std::string_view value);

  // Runs one step. Sets *has_row when a result row is ready to read.
  Status Step(bool* has_row);
  // Runs the statement to completion, ignoring result rows.
  Status Run();
  // Makes the statement ready to run again with new bindings.
  void Reset();

  int64_t ColumnInt(int index) const;
  std::string ColumnText(int index) const;

 private:
  friend class SqliteDb;
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDb {
 public:
  // Opens (creating when missing) the database file at `path` with mode 0600 semantics left to
  // the caller's umask. Turns on WAL journaling, foreign keys and a busy timeout.
  static Status Open(const std::string& path, std::unique_ptr<SqliteDb>* out);
  ~SqliteDb();

  // Runs one or more statements without results (schema creation, BEGIN/COMMIT).
  Status Exec(std::string_view sql);
  Status Prepare(std::string_view sql, SqliteStatement* out);

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace growloop
