"""Staff's back office hears of payments without reloading: Sao listens to
Tryton's bus at <host>/<database>/bus, which the shop serves beside the
storefront with the back office's session, and to that address only."""
import json
import re


def login(client, database):
    "Log in to the back office as admin the way Sao does"
    response = client.post(
        f'/admin/{database}/session/login',
        data=json.dumps({
                'method': 'common.db.login',
                'params': ['admin', {'password': 'test-admin-password'}, 'de'],
                }),
        content_type='application/json')
    assert response.status_code == 200
    return response


def listen(client, database):
    return client.post(
        f'/{database}/bus', data=json.dumps({'channels': []}),
        content_type='application/json')


def test_bus_answers_the_back_office_session(client, database):
    "Without the session the bus refuses; with it, Tryton's bus answers"
    assert listen(client, database).status_code == 401
    response = login(client, database)

    paths = sorted(
        re.search(r'Path=([^;]*)', c).group(1)
        for c in response.headers.getlist('Set-Cookie')
        if c.startswith('tryton_session='))
    # the storefront's pages never get the session
    assert paths == [f'/admin/{database}', f'/{database}/bus']
    # the tests' server leaves the bus off ([bus] allow_subscribe):
    # Tryton's route itself answers that it is not implemented
    assert listen(client, database).status_code == 501
