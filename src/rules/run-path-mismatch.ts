/**
 * run-path-mismatch: a CLI socket and Asterisk's CLI path differ only by /run vs /var/run.
 * systemd rewrites ListenStream=/var/run/... to /run/... (systemd src/core/load-fragment.c `patch_var_run()`, `config_parse_socket_listen()` at v252) and Asterisk compares the
 * path literally (Asterisk main/io.c `ast_sd_get_fd_un()`; contrib/systemd/README.txt), so it finds the socket "taken" and exits (Asterisk main/asterisk.c `main()` (`ast_tryconnect()`: "Asterisk already running")).
 */
import { cliSocketEntries } from "../model/activation.js";
import type { SocketAddress } from "../net/socket-address.js";
import { listenerRelated, where } from "./helpers.js";
import type { Rule } from "./rule.js";
import type { Fix, TextEdit } from "../core/types.js";
import { unitFix } from "../fix/unit-fix.js";
import { addAsteriskOption, asteriskTarget } from "../fix/asterisk-fix.js";
import { replaceEdit } from "../fix/edits.js";
import { fixPolicy } from "./_fixes.js";

const rule: Rule = {
  meta: {
    id: "run-path-mismatch",
    severity: "error",
    description: "A CLI socket and Asterisk's control-socket path differ only by /run versus /var/run",
    references: ["Asterisk main/io.c `ast_sd_get_fd_un()`; contrib/systemd/README.txt", "systemd src/core/load-fragment.c `patch_var_run()`, `config_parse_socket_listen()` at v252", "systemd src/core/load-fragment.c `config_parse_socket_listen()` (`unit_path_printf()`) at v252; systemd.unit(5) Specifiers", "Asterisk main/options.c `load_asterisk_conf()` (astrundir + \"/\" + astctl) at 22.x", "Asterisk main/config.c `does_category_match()` (templates are skipped); configs/samples/asterisk.conf.sample", "Asterisk main/asterisk.c `main()` (`ast_tryconnect()`: \"Asterisk already running\")"],
    fixable: "unsafe",
  },
  check(ctx) {
    for (const e of cliSocketEntries(ctx.model)) {
      if (e.outcome.kind !== "run-path") continue;
      const sd = e.entry.address as Extract<SocketAddress, { kind: "unix" }>;
      const l = e.outcome.listener;
      const ast = l.address as Extract<SocketAddress, { kind: "unix" }>;
      const rundir = l.origins.find((o) => o.what === "astrundir");
      const astctl = l.origins.find((o) => o.what === "astctl");
      const notes = [
        "Asterisk adopts a systemd socket only when the path matches byte for byte; it does not resolve the /var/run -> /run symlink. " +
          "It then finds its own path already taken by systemd's socket and exits with \"Asterisk already running\", so the service fails to start (and loops with Restart=).",
      ];
      if (sd.rewritten) notes.push(`systemd rewrites ListenStream=${sd.written} to ${sd.path} when it loads the unit`);
      if (e.entry.setting.value.includes("%t")) notes.push(`%t expands to /run for the system manager`);
      if (rundir) notes.push(`Asterisk's path is astrundir + "/" + astctl; astrundir = ${rundir.value} (${where(rundir)})${astctl ? `, astctl = ${astctl.value} (${where(astctl)})` : ""}`);
      const target = `/run/${ast.path.replace(/^\/(var\/)?run\//, "")}`;
      const dir = target.slice(0, target.lastIndexOf("/"));
      // astrundir => /run/... (Asterisk's other run files move too: unsafe), and ListenStream= written
      // with /var/run/ becomes the /run/ path systemd binds. Either file alone is still consistent.
      let fix: Fix | undefined;
      const conf = e.instance.asteriskConf;
      if (conf && sd.path === target && !(astctl?.value ?? "").includes("/")) {
        const edits: TextEdit[] = [];
        const v = conf.get("directories", "astrundir");
        const t = v ? asteriskTarget(ctx.model, v.valueLoc.file) : null;
        const rundirEdit = v ? (t ? replaceEdit(t, v.valueLoc, dir) : null) : addAsteriskOption(ctx.model, conf, "directories", `astrundir => ${dir}`);
        if (rundirEdit) {
          edits.push(rundirEdit);
          if (sd.rewritten && !e.entry.setting.value.includes("%")) {
            const u = unitFix(fixPolicy(ctx), e.socket.unit, [{ kind: "replace", setting: e.entry.setting, value: target, list: true }], { safe: false, description: "" });
            if ("edits" in u) edits.push(...u.edits);
          }
          fix = { safe: false, description: `astrundir => ${dir} in asterisk.conf${sd.rewritten ? `, and ListenStream=${target}` : ""}`, edits };
        }
      }
      ctx.report({
        fix,
        at: e.entry.setting.valueLoc,
        message: `systemd binds ${sd.path} but Asterisk expects ${ast.path} (${e.instance.service.name})`,
        notes,
        help: `use /run on both sides: \`astrundir => ${dir}\` in a non-template [directories] section of asterisk.conf, and ListenStream=${target}`,
        related: listenerRelated(l),
      });
    }
  },
};
export default rule;
