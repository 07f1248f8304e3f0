// better-sqlite3 compiles from source on these machines; node-gyp must find Node's headers
// under /usr (Debian's nodejs-dev layout) rather than downloading them, which cannot work here.
module.exports = {
  hooks: {
    updateConfig(config) {
      config.extraEnv = { ...(config.extraEnv ?? {}), npm_config_nodedir: '/usr' }
      return config
    },
  },
}
