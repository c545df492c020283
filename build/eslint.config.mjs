// One lint setup for every layer. The import rules below enforce the layering of
// ../shared/style.md: shared/ is pure, the Node core never imports electron, and the
// renderer never reaches into Node or electron/.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

const nodeBuiltins = [
  "fs",
  "path",
  "os",
  "child_process",
  "worker_threads",
  "http",
  "https",
  "net",
  "url",
  "crypto",
  "stream",
  "zlib",
  "util",
  "events",
  "readline",
  "process",
  "buffer",
  "module",
  "assert",
];
const noNode = [
  { group: ["node:*"], message: "This layer must not use Node APIs." },
  ...nodeBuiltins.map((name) => ({
    group: [name, `${name}/*`],
    message: "This layer must not use Node APIs.",
  })),
];
const noElectron = [
  {
    group: ["electron", "electron/*"],
    message: "Only electron/main, electron/preload and electron/ipc may import electron.",
  },
];

export default tseslint.config(
  { ignores: ["node_modules/", "out/", "dist/", "test-results/", "coverage/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            "*.mjs",
            "build/*.mjs",
            "build/scripts/*.mjs",
            "electron/cli/*.mjs",
            "electron/workers/*.mjs",
          ],
        },
      },
      globals: { ...globals.node },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-eval": "error",
      "no-new-func": "error",
      "no-implied-eval": "error",
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["shared/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...noNode,
            ...noElectron,
            { group: ["react", "react-dom", "react/*"], message: "shared/ is pure TypeScript." },
            {
              group: ["**/electron/**", "**/renderer/**", "../electron", "../renderer"],
              message: "shared/ imports nothing from other layers.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["electron/**/*.ts"],
    ignores: ["electron/main/**", "electron/preload/**", "electron/ipc/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...noElectron,
            {
              group: ["**/renderer/**", "react", "react-dom"],
              message: "The Node side never imports the renderer.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["electron/main/**/*.ts", "electron/preload/**/*.ts", "electron/ipc/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/renderer/**", "react", "react-dom"],
              message: "The Node side never imports the renderer.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["renderer/**/*.ts", "renderer/**/*.tsx"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...noNode,
            ...noElectron,
            {
              group: ["**/electron/**"],
              message: "The renderer talks to the service only through shared/api.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["test/**/*.ts", "test/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/unbound-method": "off",
    },
  },
);
