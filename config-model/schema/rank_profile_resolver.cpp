#include "config-model/schema/rank_profile_resolver.h"

#include <algorithm>
#include <map>

#include "config-model/schema/rank_expression_parser.h"
#include "config-model/schema/rank_features.h"

namespace grove::schema {
namespace {

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// A profile while its inheritance is being resolved.
struct Effective {
  RankProfile profile;
  bool first_explicit = false;   // first_phase was written in this profile or an ancestor
  bool rerank_explicit = false;  // same for rerank_count
  enum State { kUnvisited, kResolving, kDone } state = kUnvisited;
};

class ProfileResolver {
 public:
  ProfileResolver(const std::vector<ProfileDraft>& drafts, const std::vector<Field>& fields,
                  const std::set<std::string>& rejected, DiagnosticSink& sink)
      : fields_(fields), rejected_(rejected), sink_(sink) {
    collect_drafts(drafts);
  }

  std::vector<RankProfile> run() {
    for (size_t i = 0; i < drafts_.size(); ++i) resolve(i);
    std::vector<RankProfile> out;
    for (size_t i = 0; i < drafts_.size(); ++i) {
      check_profile(*drafts_[i], effective_[i].profile);
      out.push_back(std::move(effective_[i].profile));
    }
    return out;
  }

 private:
  void collect_drafts(const std::vector<ProfileDraft>& drafts) {
    implicit_default_.name = "default";
    bool has_default = std::any_of(drafts.begin(), drafts.end(),
                                   [](const ProfileDraft& d) { return d.name == "default"; });
    if (!has_default) add(implicit_default_);
    // The user's `default` goes first too, so that it is listed first.
    for (const auto& d : drafts) {
      if (d.name == "default") add(d);
    }
    for (const auto& d : drafts) {
      if (d.name != "default") add(d);
    }
  }

  void add(const ProfileDraft& d) {
    auto [it, inserted] = index_.emplace(d.name, drafts_.size());
    if (!inserted) {
      sink_.error(d.line, "duplicate rank-profile '" + d.name + "' (first declared at line " +
                              std::to_string(drafts_[it->second]->line) + "); rename one");
      return;
    }
    drafts_.push_back(&d);
    effective_.emplace_back();
  }

  void resolve(size_t i) {
    Effective& e = effective_[i];
    if (e.state != Effective::kUnvisited) return;
    e.state = Effective::kResolving;
    const ProfileDraft& d = *drafts_[i];
    e.profile.name = d.name;
    e.profile.inherits = d.inherits;
    e.profile.line = d.line;
    e.profile.implicit = &d == &implicit_default_;
    for (const std::string& parent : d.inherits) inherit_from(e, d, parent);
    apply_own(e, d);
    e.state = Effective::kDone;
  }

  void inherit_from(Effective& e, const ProfileDraft& d, const std::string& parent) {
    auto it = index_.find(parent);
    if (it == index_.end()) {
      std::vector<std::string> known;
      for (const auto* p : drafts_) known.push_back(p->name);
      sink_.error(d.line, "rank-profile '" + d.name + "' inherits unknown rank-profile '" + parent +
                              "'; known rank-profiles: " + join(known));
      return;
    }
    resolve(it->second);
    const Effective& p = effective_[it->second];
    if (p.state != Effective::kDone) {
      sink_.error(d.line, "inheritance cycle: rank-profile '" + d.name + "' inherits '" + parent +
                              "', which inherits '" + d.name +
                              "' (directly or indirectly); remove one of the 'inherits'");
      return;
    }
    for (const auto& [name, fn] : p.profile.functions) e.profile.functions.emplace(name, fn);
    if (!e.first_explicit && p.first_explicit) {
      e.profile.first_phase = p.profile.first_phase;
      e.first_explicit = true;
    }
    if (!e.profile.second_phase) e.profile.second_phase = p.profile.second_phase;
    if (!e.rerank_explicit && p.rerank_explicit) {
      e.profile.rerank_count = p.profile.rerank_count;
      e.rerank_explicit = true;
    }
  }

  void apply_own(Effective& e, const ProfileDraft& d) {
    std::map<std::string, int> own;
    for (const RankFunction& fn : d.functions) {
      auto [it, inserted] = own.emplace(fn.name, fn.line);
      if (!inserted) {
        sink_.error(fn.line, "duplicate function '" + fn.name + "' in rank-profile '" + d.name +
                                 "' (first defined at line " + std::to_string(it->second) + ")");
      }
      RankFunction copy = fn;
      // A body that failed to parse was reported; a placeholder keeps the name resolvable.
      if (!copy.body) copy.body = RankExpr::make_number(0, fn.line);
      e.profile.functions[fn.name] = std::move(copy);
    }
    if (d.first_phase.expr) {
      e.profile.first_phase = d.first_phase.expr;
      e.first_explicit = true;
    }
    if (!e.profile.first_phase) e.profile.first_phase = RankExpr::make_feature("nativeRank", {});
    if (d.second_phase.expr) e.profile.second_phase = d.second_phase.expr;
    if (d.rerank_count) {
      e.profile.rerank_count = *d.rerank_count;
      e.rerank_explicit = true;
      if (*d.rerank_count <= 0) {
        sink_.error(d.rerank_line, "rerank-count in rank-profile '" + d.name + "' is " +
                                       std::to_string(*d.rerank_count) +
                                       "; it must be a positive number of hits");
      }
    }
  }

  void check_profile(const ProfileDraft& d, const RankProfile& p) {
    if (d.first_phase.expr) check_expr(*d.first_phase.expr, p);
    if (d.second_phase.expr) check_expr(*d.second_phase.expr, p);
    for (const RankFunction& fn : d.functions) {
      if (!fn.body) continue;
      check_expr(*fn.body, p);
      std::vector<std::string> path = {fn.name};
      check_recursion(p, fn, path);
    }
  }

  void check_expr(const RankExpr& expr, const RankProfile& p) {
    for (const RankExpr* node : all_nodes(expr)) {
      if (node->kind == RankExpr::Kind::kFeature) check_feature(*node, p);
      if (node->kind == RankExpr::Kind::kCall) check_call(*node, p);
    }
  }

  const Field* find_field(const std::string& name) const {
    for (const Field& f : fields_) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }

  void check_feature(const RankExpr& node, const RankProfile& p) {
    const FeatureSpec* spec = find_feature(node.name);
    if (spec == nullptr || spec->need == FieldNeed::kNone) return;
    std::string what = "'" + node.feature_name() + "' in rank-profile '" + p.name + "'";
    for (const std::string& arg : node.args) {
      if (rejected_.count(arg) > 0) continue;
      const Field* f = find_field(arg);
      if (f == nullptr) {
        std::vector<std::string> names;
        for (const Field& field : fields_) names.push_back(field.name);
        sink_.error(node.line,
                    what + " refers to unknown field '" + arg + "'; fields: " + join(names));
      } else if (std::string why = field_problem(*spec, *f); !why.empty()) {
        sink_.error(node.line, what + " " + why);
      }
    }
  }

  static std::string field_problem(const FeatureSpec& spec, const Field& f) {
    std::string field = "field '" + f.name + "'";
    switch (spec.need) {
      case FieldNeed::kIndexedString:
        if (!f.type.is_string())
          return "needs an indexed string field, but " + field + " has type " + f.type.to_string();
        if (!f.index)
          return "needs an indexed field, but " + field +
                 " has no 'index' in its indexing statement; add it (e.g. 'indexing: summary | "
                 "index')";
        return "";
      case FieldNeed::kAttribute:
        if (!f.attribute)
          return "needs an attribute, but " + field +
                 " has no 'attribute' in its indexing statement; add it (e.g. 'indexing: summary | "
                 "attribute')";
        return "";
      case FieldNeed::kIndexedOrAttribute:
        if (!f.index && !f.attribute)
          return "needs an indexed or attribute field, but " + field +
                 " is neither; add 'index' or 'attribute' to its indexing statement";
        return "";
      case FieldNeed::kNone:
        break;
    }
    return "";
  }

  void check_call(const RankExpr& node, const RankProfile& p) {
    const RankFunction* fn = p.find_function(node.name);
    if (fn == nullptr) {
      std::vector<std::string> names;
      for (const auto& [name, f] : p.functions) names.push_back(name);
      sink_.error(node.line, unknown_name_message(node.name) + "; functions of rank-profile '" +
                                 p.name + "': " + (names.empty() ? "none" : join(names)));
      return;
    }
    if (fn->params.size() != node.children.size()) {
      sink_.error(node.line,
                  "function '" + fn->name + "' of rank-profile '" + p.name + "' takes " +
                      std::to_string(fn->params.size()) + " argument(s) but is called with " +
                      std::to_string(node.children.size()) + ": '" + node.to_string() + "'");
    }
  }

  // Reports a call chain that leads from path.front() back to it.
  bool check_recursion(const RankProfile& p, const RankFunction& fn,
                       std::vector<std::string>& path) {
    for (const RankExpr* node : all_nodes(*fn.body)) {
      if (node->kind != RankExpr::Kind::kCall) continue;
      const RankFunction* callee = p.find_function(node->name);
      if (callee == nullptr) continue;
      if (callee->name == path.front()) {
        path.push_back(callee->name);
        std::string chain;
        for (const auto& n : path) chain += (chain.empty() ? "" : " -> ") + n;
        sink_.error(p.functions.at(path.front()).line,
                    "function '" + path.front() + "' of rank-profile '" + p.name +
                        "' calls itself (" + chain + "); recursive functions are not allowed");
        return true;
      }
      if (std::find(path.begin(), path.end(), callee->name) != path.end()) continue;
      path.push_back(callee->name);
      if (check_recursion(p, *callee, path)) return true;
      path.pop_back();
    }
    return false;
  }

  const std::vector<Field>& fields_;
  const std::set<std::string>& rejected_;
  DiagnosticSink& sink_;
  ProfileDraft implicit_default_;
  std::vector<const ProfileDraft*> drafts_;  // default first
  std::vector<Effective> effective_;         // parallel to drafts_
  std::map<std::string, size_t> index_;
};

}  // namespace

std::vector<RankProfile> resolve_rank_profiles(const std::vector<ProfileDraft>& drafts,
                                               const std::vector<Field>& fields,
                                               const std::set<std::string>& rejected_fields,
                                               DiagnosticSink& sink) {
  return ProfileResolver(drafts, fields, rejected_fields, sink).run();
}

}  // namespace grove::schema
