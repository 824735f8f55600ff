// The config server's status: /status.json (the data) and /status (one self-contained HTML page
// that reads /status.json every second; no external assets).

#include <fmt/format.h>

#include "config-model/configserver/config_server.h"
#include "config-model/configserver/config_server_internal.h"
#include "services/base/json_writer.h"

namespace grove::configserver {

namespace {

void write_node_state(JsonWriter& w, std::string_view key, const distribution::NodeState& state) {
  w.key(key).string(std::string(1, static_cast<char>(state.state)));
}

}  // namespace

void ConfigServer::handle_status_json(const http::HttpRequest& request, const http::HttpResponder& respond) {
  if (request.method != "GET") return respond(http::HttpResponse::error(405, "use GET for /status.json"));
  std::shared_ptr<const Active> a = active();
  JsonWriter w;
  w.begin_object().key("generation").number(a ? a->generation : uint64_t{0});
  w.key("clusters").begin_array();
  {
    std::lock_guard lock(mutex_);
    if (controller_) {
      for (const std::string& id : controller_->cluster_ids()) {
        auto status = controller_->status(id);
        if (!status.ok()) continue;
        w.begin_object().key("id").string(id).key("published").boolean(status->published);
        w.key("version").number(unsigned{status->state.version()});
        w.key("state").string(status->published ? status->state.to_string() : "");
        w.key("not-published-reason").string(status->not_published_reason);
        w.key("nodes").begin_array();
        for (const controller::NodeFacts& n : status->nodes) {
          w.begin_object().key("key").number(unsigned{n.key}).key("group").string(n.group);
          w.key("endpoint").string(n.endpoint);
          w.key("reported").string(controller::reported_state_name(n.reported));
          w.key("reported-reason").string(n.reported_reason);
          w.key("wanted").string(controller::wanted_state_name(n.wanted.state));
          w.key("wanted-reason").string(n.wanted.reason);
          write_node_state(w, "storage", n.storage);
          write_node_state(w, "distributor", n.distributor);
          w.key("generated-reason").string(n.generated_reason);
          w.key("active-docs").number(n.active_docs).key("total-docs").number(n.total_docs);
          w.key("buckets").number(n.buckets).key("ping-ms").number(n.last_ping_latency_ms);
          w.key("maintenance").begin_object();
          w.key("pending").number(n.maintenance.pending).key("pending-merge").number(n.maintenance.pending_merge);
          w.key("too-few-copies").number(n.maintenance.too_few_copies);
          w.key("too-many-copies").number(n.maintenance.too_many_copies);
          w.key("out-of-sync").number(n.maintenance.out_of_sync);
          w.key("without-active").number(n.maintenance.without_active);
          w.key("documents-moved").number(n.maintenance.documents_moved);
          w.key("bytes-moved").number(n.maintenance.bytes_moved).end_object();
          w.key("acknowledged-version").number(unsigned{n.acknowledged_version}).end_object();
        }
        w.end_array();
        const controller::MaintenanceProgress& m = status->maintenance;
        w.key("maintenance").begin_object();
        w.key("pending").number(m.pending).key("pending-merge").number(m.pending_merge);
        w.key("too-few-copies").number(m.too_few_copies).key("too-many-copies").number(m.too_many_copies);
        w.key("out-of-sync").number(m.out_of_sync).key("without-active").number(m.without_active);
        w.key("documents-moved").number(m.documents_moved).key("bytes-moved").number(m.bytes_moved);
        w.key("documents-per-second").number(m.documents_per_second);
        w.key("bytes-per-second").number(m.bytes_per_second);
        w.key("eta-seconds").number(m.eta_seconds).end_object();
        w.key("history").begin_array();
        for (const controller::HistoryEntry& e : status->history) {
          w.begin_object().key("wall-us").number(e.wall_us);
          w.key("event").string(controller::history_event_name(e.event));
          w.key("key").number(e.key).key("text").string(e.text).end_object();
        }
        w.end_array().end_object();
      }
    }
  }
  w.end_array();
  w.key("processes").begin_array();
  if (a) {
    for (const deploy::PlannedProcess& p : a->plan.processes) {
      w.begin_object().key("kind").string(deploy::process_kind_name(p.kind)).key("cluster").string(p.cluster);
      w.key("key").number(unsigned{p.key}).key("http-port").number(unsigned{p.http_port});
      w.key("thrift-port").number(unsigned{p.thrift_port}).end_object();
    }
  }
  w.end_array().end_object();
  respond(http::HttpResponse::json(200, std::move(w).take()));
}

std::string_view status_page_html() {
  static constexpr std::string_view kPage = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Grove cluster status</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d2330; background: #f7f8fa; }
  h1 { font-size: 20px; margin: 0 0 .3em; }
  h2 { font-size: 16px; margin: 1.4em 0 .4em; }
  h3 { font-size: 14px; margin: 1em 0 .3em; color: #4a5468; }
  .meta { color: #4a5468; }
  table { border-collapse: collapse; background: #fff; margin-bottom: .6em; }
  th, td { border: 1px solid #d5d9e2; padding: 4px 10px; text-align: left; }
  th { background: #eceff4; font-weight: 600; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .state { font-weight: 600; border-radius: 3px; padding: 1px 6px; }
  .up { background: #d8f3dc; color: #1b5e20; }
  .down { background: #fde2e1; color: #a61b1b; }
  .maintenance, .retired, .initializing, .stopping, .unknown { background: #fff3cd; color: #7a5200; }
  .error { color: #a61b1b; }
  ol.history { background: #fff; border: 1px solid #d5d9e2; padding: .5em 2.5em; max-height: 22em; overflow: auto; }
  code { font-size: 12px; }
</style>
</head>
<body>
<h1>Grove cluster status</h1>
<div class="meta">Generation <span id="generation">?</span> &middot; updated <span id="updated">never</span>
  <span id="error" class="error"></span></div>
<div id="clusters"></div>
<script>
"use strict";
const storageNames = {u: "up", d: "down", m: "maintenance", r: "retired", i: "initializing", s: "stopping"};
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}
function stateCell(name, title) {
  return el("td", {}, el("span", {class: "state " + name, title: title || ""}, name));
}
function nodeRow(n) {
  const storage = storageNames[n.storage] || n.storage;
  const tr = el("tr", {id: "node-" + n.key, "data-state": storage},
    el("td", {class: "num"}, String(n.key)),
    stateCell(storage, n["generated-reason"]),
    stateCell(n.reported, n["reported-reason"]),
    stateCell(n.wanted, n["wanted-reason"]),
    el("td", {class: "num"}, String(n["active-docs"])),
    el("td", {class: "num"}, String(n["total-docs"])),
    el("td", {class: "num"}, String(n.buckets)),
    el("td", {class: "num"}, String(n.maintenance.pending)),
    el("td", {class: "num"}, bytes(n.maintenance["bytes-moved"])),
    // A node that does not answer has no ping time: the last one it answered is stale.
    el("td", {class: "num"}, n["ping-ms"] < 0 || n.reported === "down" ? "-" : n["ping-ms"].toFixed(2)),
    el("td", {class: "num"}, String(n["acknowledged-version"])),
    el("td", {}, n["generated-reason"] || n["reported-reason"] || ""));
  return tr;
}
function nodeTable(nodes) {
  const head = el("tr", {}, ...["node", "state", "reported", "wanted", "active docs", "total docs",
    "buckets", "pending", "moved", "ping ms", "state version", "why"].map(h => el("th", {}, h)));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...nodes.map(nodeRow)));
}
function time(us) { return new Date(us / 1000).toLocaleTimeString(); }
function bytes(n) {
  if (n < 1024) return n + " B";
  if (n < 1048576) return (n / 1024).toFixed(1) + " KiB";
  return (n / 1048576).toFixed(1) + " MiB";
}
function maintenanceLine(m) {
  if (m.pending === 0) return "Bucket maintenance: every bucket at its ideal state; " + m["documents-moved"] +
    " documents (" + bytes(m["bytes-moved"]) + ") moved";
  return "Bucket maintenance: " + m.pending + " buckets pending (" + m["pending-merge"] + " to merge, " +
    m["too-few-copies"] + " too few copies, " + m["too-many-copies"] + " too many, " + m["out-of-sync"] +
    " out of sync, " + m["without-active"] + " without an active copy in a group); " +
    m["documents-moved"] + " documents (" + bytes(m["bytes-moved"]) + ") moved at " +
    m["documents-per-second"].toFixed(0) + " documents/s (" + bytes(m["bytes-per-second"]) + "/s)" +
    (m["eta-seconds"] > 0 ? "; about " + Math.ceil(m["eta-seconds"]) + " s left" : "");
}
function render(status) {
  document.getElementById("generation").textContent = String(status.generation);
  const root = document.getElementById("clusters");
  root.replaceChildren();
  for (const c of status.clusters) {
    const section = el("section", {id: "cluster-" + c.id});
    section.append(el("h2", {}, "Content cluster " + c.id));
    section.append(el("div", {class: "meta"}, "Cluster state: ",
      el("code", {}, c.published ? c.state : "not published yet: " + c["not-published-reason"])));
    section.append(el("div", {class: "meta", id: "maintenance-" + c.id}, maintenanceLine(c.maintenance)));
    const groups = new Map();
    for (const n of c.nodes) {
      if (!groups.has(n.group)) groups.set(n.group, []);
      groups.get(n.group).push(n);
    }
    for (const [group, nodes] of groups) {
      const active = nodes.reduce((s, n) => s + n["active-docs"], 0);
      if (group !== "") section.append(el("h3", {}, "Group " + group + " \u00b7 " + active + " active documents"));
      section.append(nodeTable(nodes));
    }
    section.append(el("h3", {}, "History"));
    section.append(el("ol", {class: "history", reversed: ""},
      ...c.history.slice().reverse().map(e => el("li", {},
        time(e["wall-us"]) + " " + e.event + (e.key >= 0 ? " node " + e.key : "") + ": " + e.text))));
    root.append(section);
  }
}
async function refresh() {
  try {
    const response = await fetch("/status.json", {cache: "no-store"});
    if (!response.ok) throw new Error("HTTP " + response.status);
    render(await response.json());
    document.getElementById("updated").textContent = new Date().toLocaleTimeString();
    document.getElementById("error").textContent = "";
  } catch (e) {
    document.getElementById("error").textContent = "cannot reach the config server: " + e.message;
  }
}
refresh();
setInterval(refresh, 1000);
</script>
</body>
</html>
)html";
  return kPage;
}

}  // namespace grove::configserver
