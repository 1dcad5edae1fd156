import { defineCommand } from "../cli/spec.ts";
import { readEmbeddedText } from "../embedded.ts";
import { VERSE_VERSION } from "../version.ts";

export default defineCommand({
  name: "about",
  summary: "Shows information about verse.",
  run({ output }) {
    output.line(`${output.style("verse", "c1")} ${VERSE_VERSION}`);
    output.line();
    output.line(readEmbeddedText("about.txt").trimEnd());
    return 0;
  },
});
