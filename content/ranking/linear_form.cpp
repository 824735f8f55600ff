#include "content/ranking/linear_form.h"

#include <string>

namespace grove::ranking {
namespace {

using schema::RankExpr;

struct Env {
  std::map<std::string, const RankExpr*> args;
  const Env* caller = nullptr;
};

using Form = std::optional<LinearBm25Form>;

Form scaled(Form f, double k) {
  if (!f) return f;
  f->constant *= k;
  for (auto& [field, w] : f->field_weights) w *= k;
  return f;
}

Form sum(Form a, const Form& b, double sign) {
  if (!a || !b) return std::nullopt;
  a->constant += sign * b->constant;
  for (const auto& [field, w] : b->field_weights) a->field_weights[field] += sign * w;
  return a;
}

bool is_constant(const Form& f) {
  return f && f->field_weights.empty();
}

class Analyzer {
 public:
  Analyzer(const schema::RankProfile& profile, const index::IndexConfig& config)
      : profile_(profile), config_(config) {}

  Form form(const RankExpr& e, const Env* env, int nesting) const {
    switch (e.kind) {
      case RankExpr::Kind::kNumber:
        return LinearBm25Form{e.number, {}};
      case RankExpr::Kind::kFeature:
        return feature(e);
      case RankExpr::Kind::kUnary:
        return scaled(form(*e.children[0], env, nesting), -1);
      case RankExpr::Kind::kBinary:
        return binary(e, env, nesting);
      case RankExpr::Kind::kCall:
        return call(e, env, nesting);
      case RankExpr::Kind::kParam: {
        if (env == nullptr) return std::nullopt;
        auto it = env->args.find(e.name);
        if (it == env->args.end()) return std::nullopt;
        return form(*it->second, env->caller, nesting);
      }
      default:
        return std::nullopt;
    }
  }

 private:
  Form feature(const RankExpr& e) const {
    if (e.name != "bm25" || e.args.size() != 1 || !e.output.empty()) return std::nullopt;
    std::optional<index::FieldId> field = config_.find_index_field(e.args[0]);
    if (!field) return std::nullopt;
    return LinearBm25Form{0, {{*field, 1.0}}};
  }

  Form binary(const RankExpr& e, const Env* env, int nesting) const {
    Form a = form(*e.children[0], env, nesting);
    Form b = form(*e.children[1], env, nesting);
    switch (e.op) {
      case schema::RankOp::kAdd:
        return sum(a, b, 1);
      case schema::RankOp::kSub:
        return sum(a, b, -1);
      case schema::RankOp::kMul:
        if (is_constant(a)) return scaled(b, a->constant);
        if (is_constant(b)) return scaled(a, b->constant);
        return std::nullopt;
      case schema::RankOp::kDiv:
        if (is_constant(b) && b->constant != 0) return scaled(a, 1.0 / b->constant);
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  Form call(const RankExpr& e, const Env* env, int nesting) const {
    const schema::RankFunction* fn = profile_.find_function(e.name);
    if (fn == nullptr || fn->params.size() != e.children.size() || nesting >= 32) {
      return std::nullopt;
    }
    Env inner;
    inner.caller = env;
    for (size_t i = 0; i < fn->params.size(); ++i) inner.args[fn->params[i]] = e.children[i].get();
    return form(*fn->body, &inner, nesting + 1);
  }

  const schema::RankProfile& profile_;
  const index::IndexConfig& config_;
};

}  // namespace

std::optional<LinearBm25Form> linear_bm25_form(const schema::RankExpr& expr,
                                               const schema::RankProfile& profile,
                                               const index::IndexConfig& config) {
  Form f = Analyzer(profile, config).form(expr, nullptr, 0);
  if (!f) return f;
  for (const auto& [field, w] : f->field_weights) {
    if (w < 0) return std::nullopt;
  }
  return f;
}

}  // namespace grove::ranking
